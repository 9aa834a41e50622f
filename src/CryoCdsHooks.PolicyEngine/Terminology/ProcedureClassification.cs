using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Terminology;

/// <summary>Maps an order's CPT code to the policy's procedure class (null = not in the policy).</summary>
public static class ProcedureClassification
{
    public static readonly IReadOnlyDictionary<ProcedureClass, string> ValueSetByClass = new Dictionary<
        ProcedureClass,
        string
    >
    {
        [ProcedureClass.RenalCryoablation] = ValueSetIds.CptRenalCryo,
        [ProcedureClass.LungCryoablation] = ValueSetIds.CptLungCryo,
        [ProcedureClass.ImagingGuidance] = ValueSetIds.CptGuidance,
        [ProcedureClass.BreastCancerCryoablation] = ValueSetIds.CptBreastCancerCryo,
        [ProcedureClass.FibroadenomaCryoablation] = ValueSetIds.CptFibroadenomaCryo,
        [ProcedureClass.BoneCryoablation] = ValueSetIds.CptBoneCryo,
    };

    public static (ProcedureClass Class, string CptCode)? Classify(ServiceRequest order, PolicyTerminology terminology)
    {
        foreach (var coding in (order.Code?.Coding ?? []).Where(c => c.Code is not null))
        {
            foreach (var (procedureClass, valueSetId) in ValueSetByClass)
            {
                if (terminology[valueSetId].Contains(coding))
                    return (procedureClass, coding.Code!);
            }
        }
        return null;
    }
}
