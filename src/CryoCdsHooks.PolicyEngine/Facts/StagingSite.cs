namespace CryoCdsHooks.PolicyEngine.Facts;

public enum StagingSite
{
    Kidney,
    Lung,
}
