using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine;

public enum PriorAuthorization { Required, NotRequired, Conditional, NotApplicable }
