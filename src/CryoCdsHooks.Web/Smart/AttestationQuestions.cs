using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Terminology;

namespace CryoCdsHooks.Web.Smart;

internal static class AttestationQuestions
{
    public static readonly IReadOnlyList<AttestationQuestion> All =
    [
        new(
            "surgical-candidacy",
            AttestationCodes.NotSurgicalCandidate,
            "Not a surgical candidate",
            "The patient is not a surgical candidate.",
            "Yes: surgery (e.g. partial nephrectomy or lobectomy) is not an option for this patient. No: the patient "
                + "is a surgical candidate."
        ),
        new(
            "resection-worsens-kidney-function",
            AttestationCodes.ResectionWorsensKidneyFunction,
            "Resection likely to worsen kidney function",
            "Standard resection is likely to substantially worsen the patient's kidney function.",
            "Yes: kidney preservation is needed, e.g. because of renal insufficiency or a single kidney."
        ),
        new(
            "central-airway-obstruction",
            AttestationCodes.CentralAirwayObstruction,
            "Central airway obstruction needs palliation",
            "The patient requires palliation for a central airway obstructing lesion.",
            "Lung only: an obstructing lesion of the trachea or main bronchi."
        ),
    ];

    /// <summary>The questions that answer what is missing now, in catalog order.</summary>
    public static IReadOnlyList<AttestationQuestion> For(IEnumerable<MissingInformation> missing)
    {
        var codes = missing.Select(m => m.Code).ToHashSet(StringComparer.Ordinal);
        return All.Where(q => codes.Contains(q.MissingCode)).ToList();
    }

    public static AttestationQuestion? ByCode(string code) => All.FirstOrDefault(q => q.Code == code);
}
