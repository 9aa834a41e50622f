namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>
/// The appContext of the DTR launch link, as DTR describes it for a launch from a CRD card: the Questionnaire
/// canonical(s), the EHR's order and coverage references; <see cref="Context"/> is the coverage-assertion-id, the
/// <c>context</c> a DTR client passes to <c>$questionnaire-package</c>.
/// </summary>
public sealed record DtrAppContext(
    IReadOnlyList<string> Questionnaire,
    IReadOnlyList<string> Order,
    IReadOnlyList<string> Coverage,
    string Context
)
{
    public string ToJsonString() =>
        System.Text.Json.JsonSerializer.Serialize(this, CdsHooksJsonContext.Default.DtrAppContext);
}
