using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>Whose Coverage it is, as far as the record tells.</summary>
public enum PayerMatch
{
    Ours,
    Other,
    Unidentified,
}
