using CryoCdsHooks.PolicyEngine.Facts;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine;

/// <summary>
/// The one guard between the record and the rules, reading FHIR as FHIR defines it (docs/data-conventions.md,
/// "Which resources are evidence"): a resource is evidence only when it is about the hook's patient (Condition,
/// Observation, Procedure and Encounter <c>subject</c>, Coverage <c>beneficiary</c>; a subscriber is not the
/// patient), and only when it carries no <c>modifierExtension</c>, on itself or any element, since this service
/// understands none and a modifier may reverse what the resource says. What is set aside is named, with why.
/// Statuses that differ per fact (a final Observation, a completed Procedure, a Condition's verification) stay with
/// the fact that reads them; the Encounter's status with the care setting.
/// </summary>
public static class RecordScope
{
    /// <summary>A FHIR JSON parser stops far earlier; this only bounds the walk of a hand-built resource.</summary>
    private const int MaxDepth = 64;

    /// <summary>The record without the resources that are not evidence, and one note per resource set aside.</summary>
    public static (PatientRecord Record, IReadOnlyList<string> SetAside) Apply(PatientRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var notes = new List<string>();
        var references = record.References;
        var patientId = record.PatientId ?? record.Patient?.Id;

        IReadOnlyList<T> Keep<T>(IReadOnlyList<T> resources, Func<T, ResourceReference?> subject) where T : DomainResource
        {
            var kept = resources.Where(r => Admit(r, subject(r), patientId, references, notes)).ToList();
            return kept.Count == resources.Count ? resources : kept;
        }

        var encounter = record.Encounter is { } e && Admit(e, e.Subject, patientId, references, notes) ? e : null;
        var scoped = record with
        {
            Conditions = Keep(record.Conditions, c => c.Subject),
            Observations = Keep(record.Observations, o => o.Subject),
            Procedures = Keep(record.Procedures, p => p.Subject),
            DiagnosticReports = Keep(record.DiagnosticReports, d => d.Subject),
            Coverages = Keep(record.Coverages, c => c.Beneficiary),
            Encounter = encounter,
        };
        return notes.Count == 0 ? (record, []) : (scoped, notes);
    }

    /// <summary>
    /// Whether a draft order asks for the procedure to be done: not <c>doNotPerform</c>, not an <c>option</c>
    /// (intent), and not revoked, completed or entered in error. Other orders get no answer.
    /// </summary>
    public static bool AsksToPerform(ServiceRequest order) =>
        order.DoNotPerform != true
        && ResourceReading.CodeOf(order.IntentElement) != "option"
        && ResourceReading.CodeOf(order.StatusElement) is not ("revoked" or "completed" or "entered-in-error");

    /// <summary>The URL of the first modifierExtension anywhere in the resource, or null when it carries none.</summary>
    public static string? UnknownModifier(Base resource)
    {
        var pending = new Stack<(Base Node, int Depth)>([(resource, 0)]);
        while (pending.TryPop(out var item))
        {
            if (item.Node is IModifierExtendable { ModifierExtension: { Count: > 0 } modifiers })
                return modifiers[0].Url ?? "(no url)";
            if (item.Depth >= MaxDepth) continue;
            foreach (var (_, value) in item.Node.EnumerateElements())
            {
                if (value is Base child) pending.Push((child, item.Depth + 1));
                else if (value is IEnumerable<Base> children)
                    foreach (var element in children) pending.Push((element, item.Depth + 1));
            }
        }
        return null;
    }

    private static bool Admit(DomainResource resource, ResourceReference? subject, string? patientId, ResourceReferences references, List<string> notes)
    {
        var reference = $"{resource.TypeName}/{resource.Id}";
        if (patientId is not null && NamesAnotherSubject(subject, resource, patientId, references))
        {
            notes.Add($"{reference} was set aside: it is not about this patient ({(resource is Coverage ? "beneficiary" : "subject")}), so it is not evidence.");
            return false;
        }
        if (UnknownModifier(resource) is { } url)
        {
            notes.Add($"{reference} was set aside: it carries a modifierExtension this service does not understand ({url}), which may change what it means.");
            return false;
        }
        return true;
    }

    /// <summary>
    /// True when the reference names someone or something other than the patient. A reference the record cannot
    /// tell (none, identifier only, an unresolved <c>urn:uuid:</c>, contained) is kept: the data was asked for by patient.
    /// </summary>
    private static bool NamesAnotherSubject(ResourceReference? subject, DomainResource holder, string patientId, ResourceReferences references)
    {
        if (subject?.Reference is not { Length: > 0 } reference || reference.StartsWith('#')) return false;
        if (references.Resolve(reference, holder) is { } resolved)
            return resolved is not Patient patient || patient.Id != patientId;
        return ResourceReferences.Literal(reference) is { } literal && (literal.Type != "Patient" || literal.Id != patientId);
    }
}
