using System.Diagnostics;

namespace CryoCdsHooks.Web.Telemetry;

/// <summary>The service's own trace source and meter. Tags never carry patient ids, names or tokens.</summary>
public static class CryoTelemetry
{
    /// <summary>
    /// Name of the ActivitySource and of the Meter (FhirAccess records its FHIR query counters on it too).
    /// </summary>
    public const string Name = "CryoCdsHooks";

    public static readonly ActivitySource ActivitySource = new(Name);
}
