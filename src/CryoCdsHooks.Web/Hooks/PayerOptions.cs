namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// Who "we" are (section <c>Payer</c>): the service answers for one payer, and only a Coverage whose payor is this
/// payer may decide, label or be referenced by an answer. The embedded default is BCBSMA.
/// </summary>
public sealed class PayerOptions
{
    public const string Section = "Payer";

    /// <summary>The embedded default, used when neither names nor identifiers are configured.</summary>
    public static readonly IReadOnlyList<string> DefaultNames =
    [
        "Blue Cross Blue Shield of Massachusetts",
        "Blue Cross and Blue Shield of Massachusetts",
        "BCBSMA",
        "BCBS of Massachusetts",
    ];

    /// <summary>
    /// Names (and aliases) of the payer Organization, compared case-insensitively and trimmed. Empty by default
    /// because configuration binding appends to a list: the defaults apply only when nothing is configured.
    /// </summary>
    public List<string> Names { get; set; } = [];

    /// <summary>Identifiers of the payer Organization as <c>system|value</c> (e.g. a payer id or NAIC code).</summary>
    public List<string> Identifiers { get; set; } = [];
}
