using System.ComponentModel.DataAnnotations;
using OpenTelemetry.Exporter;

namespace CryoCdsHooks.Web.Telemetry;

/// <summary>OpenTelemetry export (section <c>OpenTelemetry</c>). Without an endpoint nothing is exported.</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "OpenTelemetry";

    /// <summary>OTLP collector, e.g. <c>http://otel-collector:4317</c>; null = no exporter.</summary>
    public Uri? OtlpEndpoint { get; set; }

    public OtlpExportProtocol OtlpProtocol { get; set; } = OtlpExportProtocol.Grpc;

    [Required, MinLength(1)]
    public string ServiceName { get; set; } = "cryo-cds-hooks";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OtlpEndpoint is not null && (!OtlpEndpoint.IsAbsoluteUri || OtlpEndpoint.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult(
                "OpenTelemetry:OtlpEndpoint must be an absolute http(s) URL.",
                [nameof(OtlpEndpoint)]
            );
        }
    }
}
