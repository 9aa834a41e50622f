namespace CryoCdsHooks.PolicyEngine.Facts;

public enum StagingAxis
{
    Group,
    T,
    N,
    M,
}
