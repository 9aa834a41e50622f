namespace CryoCdsHooks.PolicyEngine.Facts;

public enum BodySide
{
    Right,
    Left,
}
