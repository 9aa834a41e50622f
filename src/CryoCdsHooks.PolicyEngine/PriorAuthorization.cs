namespace CryoCdsHooks.PolicyEngine;

public enum PriorAuthorization
{
    Required,
    NotRequired,
    Conditional,
    NotApplicable,
}
