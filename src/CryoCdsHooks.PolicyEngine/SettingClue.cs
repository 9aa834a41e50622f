using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine;

/// <summary>One code that may name a care setting, and the element it was read from ("Location/loc-1 type").</summary>
public sealed record SettingClue(string Source, Coding Coding);
