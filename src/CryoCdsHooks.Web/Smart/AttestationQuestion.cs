using CryoCdsHooks.PolicyEngine;

namespace CryoCdsHooks.Web.Smart;

/// <summary>One yes/no attestation the clinician can document, written as an attestation Observation.</summary>
/// <param name="MissingCode">The engine's <see cref="MissingInformation.Code"/> it answers.</param>
/// <param name="Code">The code in our attestation CodeSystem (docs/data-conventions.md).</param>
/// <param name="Question">The statement shown to the clinician; "Yes" writes valueBoolean true.</param>
internal sealed record AttestationQuestion(
    string MissingCode,
    string Code,
    string Display,
    string Question,
    string Hint
);
