namespace CryoCdsHooks.PolicyEngine;

public enum CareSetting
{
    Inpatient,
    Outpatient,
    Unknown,
}
