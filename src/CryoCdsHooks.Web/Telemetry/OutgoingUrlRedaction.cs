using System.Diagnostics;
using OpenTelemetry;

namespace CryoCdsHooks.Web.Telemetry;

/// <summary>
/// Outgoing request URLs hold patient ids (FHIR <c>Patient/{id}</c>, <c>?patient=</c>): client spans keep the
/// server's scheme and authority only. Runs when a span ends, after every instrumentation has set its tags.
/// </summary>
internal sealed class OutgoingUrlRedaction : BaseProcessor<Activity>
{
    private const string UrlFull = "url.full";

    public override void OnEnd(Activity activity)
    {
        if (activity.Kind != ActivityKind.Client || activity.GetTagItem(UrlFull) is not string url)
            return;
        activity.SetTag(
            UrlFull,
            Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null
        );
    }
}
