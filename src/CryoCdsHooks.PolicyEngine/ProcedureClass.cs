namespace CryoCdsHooks.PolicyEngine;

public enum ProcedureClass
{
    RenalCryoablation,
    LungCryoablation,
    ImagingGuidance,
    BreastCancerCryoablation,
    FibroadenomaCryoablation,
    BoneCryoablation,
}
