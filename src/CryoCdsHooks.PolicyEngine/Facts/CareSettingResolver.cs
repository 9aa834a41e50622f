using CryoCdsHooks.PolicyEngine.Terminology;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>Inpatient vs outpatient from <c>Encounter.class</c> (v3-ActCode); anything else is unknown.</summary>
internal static class CareSettingResolver
{
    public static CareSetting Resolve(PatientRecord record) =>
        record.Encounter?.Class is { Code: var code } coding && CodeSystemIdentity.Same(coding.System, CodeSystems.ActCode)
            ? code switch
            {
                "IMP" or "ACUTE" or "NONAC" => CareSetting.Inpatient,
                "AMB" or "OBSENC" or "SS" or "HH" or "VR" or "EMER" => CareSetting.Outpatient,
                _ => CareSetting.Unknown,
            }
            : CareSetting.Unknown;
}
