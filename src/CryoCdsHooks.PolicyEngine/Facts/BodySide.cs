using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

public enum BodySide { Right, Left }
