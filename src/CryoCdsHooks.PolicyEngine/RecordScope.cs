using CryoCdsHooks.PolicyEngine.Facts;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine;

/// <summary>
/// The one guard between the record and the rules, reading FHIR as FHIR defines it (docs/data-conventions.md, "Which
/// resources are evidence"): a resource is evidence only when it is about the hook's patient (Condition, Observation,
/// Procedure, DiagnosticReport, QuestionnaireResponse and Encounter <c>subject</c>, Coverage <c>beneficiary</c>; a
/// subscriber is not the patient), and only when it carries no <c>modifierExtension</c>, on itself or any element,
/// since this service understands none and a modifier may reverse what the resource says. What is set aside is named,
/// with why. Statuses that differ per fact (a final Observation, a completed Procedure, a Condition's verification)
/// stay with the fact that reads them; the Encounter's status with the care setting.
/// </summary>
/// <remarks>
/// A resource set aside for a modifier is still the patient's: it is returned as <see cref="UnreadResource"/> so the
/// I-17 run "as if confirmed" can read it as written; it can make an answer conditional, never decide it alone.
/// </remarks>
public static class RecordScope
{
    /// <summary>A FHIR JSON parser stops far earlier; this only bounds the walk of a hand-built resource.</summary>
    private const int MaxDepth = 64;

    /// <summary>
    /// The record without the resources that are not evidence, one note per resource set aside, and the patient's
    /// resources set aside for a modifierExtension (weighed by I-17).
    /// </summary>
    public static (PatientRecord Record, IReadOnlyList<string> SetAside, IReadOnlyList<UnreadResource> Unread) Apply(
        PatientRecord record
    )
    {
        ArgumentNullException.ThrowIfNull(record);
        var notes = new List<string>();
        var unread = new List<UnreadResource>();
        var references = record.References;
        var patientId = record.PatientId ?? record.Patient?.Id;

        IReadOnlyList<T> Keep<T>(IReadOnlyList<T> resources, Func<T, ResourceReference?> subject)
            where T : DomainResource
        {
            var kept = resources.Where(r => Admit(r, subject(r), patientId, references, notes, unread)).ToList();
            return kept.Count == resources.Count ? resources : kept;
        }

        var encounter =
            record.Encounter is { } e && Admit(e, e.Subject, patientId, references, notes, unread) ? e : null;
        var scoped = record with
        {
            Conditions = Keep(record.Conditions, c => c.Subject),
            Observations = Keep(record.Observations, o => o.Subject),
            Procedures = Keep(record.Procedures, p => p.Subject),
            DiagnosticReports = Keep(record.DiagnosticReports, d => d.Subject),
            QuestionnaireResponses = Keep(record.QuestionnaireResponses, q => q.Subject),
            Coverages = Keep(record.Coverages, c => c.Beneficiary),
            Encounter = encounter,
        };
        return notes.Count == 0 ? (record, [], []) : (scoped, notes, unread);
    }

    /// <summary>
    /// The record with only the Coverages <see cref="Apply"/> keeps (the patient's, by <c>beneficiary</c>): what the
    /// host's Coverage choice reads, without walking the clinical resources a second time.
    /// </summary>
    public static PatientRecord WithPatientCoverages(PatientRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var references = record.References;
        var patientId = record.PatientId ?? record.Patient?.Id;
        var kept = record.Coverages.Where(c => Admit(c, c.Beneficiary, patientId, references, [], [])).ToList();
        return kept.Count == record.Coverages.Count ? record : record with { Coverages = kept };
    }

    /// <summary>
    /// The record with the resources set aside for a modifier read as written, for the I-17 run "as if confirmed".
    /// Only what the rules read: the Encounter (care setting) and Coverages are decided outside that comparison.
    /// </summary>
    internal static PatientRecord AsIfUnderstood(PatientRecord record, IReadOnlyList<UnreadResource> unread)
    {
        if (unread.Count == 0)
            return record;
        var resources = unread.Select(u => u.Resource).ToList();
        return record with
        {
            Conditions = [.. record.Conditions, .. resources.OfType<Condition>()],
            Observations = [.. record.Observations, .. resources.OfType<Observation>()],
            Procedures = [.. record.Procedures, .. resources.OfType<Procedure>()],
            DiagnosticReports = [.. record.DiagnosticReports, .. resources.OfType<DiagnosticReport>()],
        };
    }

    /// <summary>
    /// Whether a draft order asks for the procedure to be done: not <c>doNotPerform</c>, not an <c>option</c>
    /// (intent), and not revoked, completed or entered in error. Other orders get no answer.
    /// </summary>
    public static bool AsksToPerform(ServiceRequest order) =>
        order.DoNotPerform != true
        && ResourceReading.CodeOf(order.IntentElement) != "option"
        && ResourceReading.CodeOf(order.StatusElement) is not ("revoked" or "completed" or "entered-in-error");

    /// <summary>
    /// The URL of the first modifierExtension anywhere in the resource, or null when it carries none.
    /// </summary>
    public static string? UnknownModifier(Base resource)
    {
        var pending = new Stack<(Base Node, int Depth)>([(resource, 0)]);
        while (pending.TryPop(out var item))
        {
            if (item.Node is IModifierExtendable { ModifierExtension: { Count: > 0 } modifiers })
                return modifiers[0].Url ?? "(no url)";
            if (item.Depth >= MaxDepth)
                continue;
            // In R4 only resources and backbone elements can carry a modifierExtension: data types (Coding,
            // Reference, Quantity, primitives) are not walked, which keeps this pass cheap on large records.
            foreach (var (_, value) in item.Node.EnumerateElements())
            {
                if (value is BackboneElement or Resource)
                    pending.Push(((Base)value, item.Depth + 1));
                else if (value is IEnumerable<Base> children)
                    foreach (var element in children.Where(c => c is BackboneElement or Resource))
                        pending.Push((element, item.Depth + 1));
            }
        }
        return null;
    }

    private static bool Admit(
        DomainResource resource,
        ResourceReference? subject,
        string? patientId,
        ResourceReferences references,
        List<string> notes,
        List<UnreadResource> unread
    )
    {
        if (patientId is not null && NamesAnotherSubject(subject, resource, patientId, references))
        {
            notes.Add(
                $"{resource.TypeName}/{resource.Id} was set aside: it is not about this patient "
                    + $"({(resource is Coverage ? "beneficiary" : "subject")}), so it is not evidence."
            );
            return false;
        }
        if (UnknownModifier(resource) is { } url)
        {
            notes.Add(
                $"{resource.TypeName}/{resource.Id} was set aside: it carries a modifierExtension this service does "
                    + $"not understand ({url}), which may change what it means."
            );
            unread.Add(new UnreadResource(resource, url));
            return false;
        }
        return true;
    }

    /// <summary>
    /// True when the reference names someone or something other than the patient. A reference the record cannot
    /// tell (none, identifier only, an unresolved <c>urn:uuid:</c>, contained) is kept: the data was asked for by
    /// patient.
    /// </summary>
    private static bool NamesAnotherSubject(
        ResourceReference? subject,
        DomainResource holder,
        string patientId,
        ResourceReferences references
    )
    {
        if (subject?.Reference is not { Length: > 0 } reference || reference.StartsWith('#'))
            return false;
        if (references.Resolve(reference, holder) is { } resolved)
            return resolved is not Patient patient || patient.Id != patientId;
        return ResourceReferences.Literal(reference) is { } literal
            && (literal.Type != "Patient" || literal.Id != patientId);
    }
}
