namespace CryoCdsHooks.Web.Metrics;

/// <summary>Who may export CRD metrics and how we name ourselves in them (section <c>CrdMetrics</c>).</summary>
public sealed class CrdMetricsOptions
{
    public const string Section = "CrdMetrics";

    /// <summary>
    /// CDS client issuers allowed to export metrics (payer staff tooling). Metrics span every client's calls, so an
    /// EHR trusted for hooks is not thereby allowed to read them. Ignored only when client authentication is off.
    /// </summary>
    public string[] ReaderClients { get; set; } = [];

    /// <summary>CRDMetricData.payerId.</summary>
    public string PayerIdSystem { get; set; } = "urn:ietf:rfc:3986";

    public string PayerIdValue { get; set; } = "https://www.bluecrossma.org";
}
