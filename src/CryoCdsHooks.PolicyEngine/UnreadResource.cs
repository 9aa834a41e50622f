using CryoCdsHooks.PolicyEngine.Facts;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine;

/// <summary>
/// A resource of the patient set aside for a modifierExtension this service does not understand
/// (<paramref name="Modifier"/>, its URL).
/// </summary>
public sealed record UnreadResource(DomainResource Resource, string Modifier);
