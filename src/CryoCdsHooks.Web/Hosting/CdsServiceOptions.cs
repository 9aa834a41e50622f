using System.ComponentModel.DataAnnotations;

namespace CryoCdsHooks.Web.Hosting;

/// <summary>Settings of the CDS service itself (section <c>CdsService</c>).</summary>
public sealed class CdsServiceOptions
{
    public const string Section = "CdsService";

    /// <summary>
    /// Card source label when the patient's Coverage names no payor (CRD resp-4: the name on the card).
    /// </summary>
    [Required, MinLength(1)]
    public string InsurerName { get; set; } = "Blue Cross Blue Shield of Massachusetts";

    /// <summary>
    /// Where clinicians read Medical Policy 260 (the BCBSMA medical policy index by default), linked from cards.
    /// </summary>
    [Required, Url]
    public string PolicyUrl { get; set; } = "https://www.bluecrossma.org/medical-policies";

    /// <summary>
    /// Largest accepted request body; larger requests get 413. 8 MiB fits a real prefetch (hundreds of
    /// Conditions and Observations); Kestrel's own cap (30 MB by default) must not be lower.
    /// </summary>
    [Range(1024, 100 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Longest request path plus query; longer gets 414 (Kestrel's own cap, Kestrel:Limits:MaxRequestLineSize, is
    /// above).
    /// </summary>
    [Range(256, 64 * 1024)]
    public int MaxRequestTargetChars { get; set; } = 4096;

    /// <summary>
    /// Largest total of request header names and values; larger gets 431 (below
    /// Kestrel:Limits:MaxRequestHeadersTotalSize).
    /// </summary>
    [Range(1024, 256 * 1024)]
    public int MaxRequestHeaderBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// Origins allowed by CORS (browser-based CDS clients such as the CDS Hooks sandbox). Empty: no CORS.
    /// </summary>
    public string[] CorsAllowedOrigins { get; set; } = [];

    /// <summary>
    /// The service's public base URL as clients call it (scheme, host, optional path; no trailing slash). Client
    /// tokens must name it (plus the endpoint path) as <c>aud</c>, and relative links are resolved against it:
    /// never the request's Host or forwarded headers. Required outside Development.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>
    /// Launch URL of our SMART app used in card links. Relative URLs are resolved against <see cref="PublicBaseUrl"/>.
    /// </summary>
    [Required]
    public string SmartLaunchUrl { get; set; } = "/smart/launch";

    /// <summary>
    /// Launch URL of the DTR SMART app the EHR uses (docs/api.md). When set, a card asking for documentation also
    /// offers it, with the order, coverage and our Questionnaire in <c>appContext</c>; null (default): no DTR link.
    /// Relative URLs are resolved against <see cref="PublicBaseUrl"/>.
    /// </summary>
    public string? DtrLaunchUrl { get; set; }
}
