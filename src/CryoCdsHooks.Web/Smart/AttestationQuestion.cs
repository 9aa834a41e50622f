using CryoCdsHooks.PolicyEngine;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// One yes/no attestation the clinician can document, written as an attestation Observation. It has the shape of a
/// boolean Questionnaire item (linkId = <paramref name="MissingCode"/>, text = <paramref name="Question"/>, a hint), so
/// the form can later be rendered from our Questionnaire instead of <see cref="AttestationQuestions.All"/>.
/// </summary>
/// <param name="MissingCode">The engine's <see cref="MissingInformation.Code"/> it answers.</param>
/// <param name="Code">The code in our attestation CodeSystem (docs/data-conventions.md).</param>
/// <param name="Question">The statement shown to the clinician; "Yes" writes valueBoolean true.</param>
internal sealed record AttestationQuestion(
    string MissingCode,
    string Code,
    string Display,
    string Question,
    string Hint
)
{
    /// <summary>The answers offered for every question, with the form value each one posts.</summary>
    public static IReadOnlyList<(bool Value, string Label)> Choices { get; } = [(true, "Yes"), (false, "No")];

    public static string FormValue(bool value) => value ? "true" : "false";
}
