using System.Runtime.CompilerServices;
using CryoCdsHooks.PolicyEngine.Documentation;
using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// Reads DTR QuestionnaireResponses to our documentation Questionnaires (docs/data-conventions.md, "Answers to our
/// Questionnaires"). A response counts for one order only when it answers one of our forms, is completed or amended,
/// names its author and names that order (<c>qr-context</c> or <c>basedOn</c>); the patient check is
/// <see cref="RecordScope"/>'s. Each answer becomes the Observation the chart would hold for the same fact, dated by
/// <c>authored</c> (SDC Observation-based extraction), so the one extractor of each fact reads chart and answer alike
/// and the latest statement wins; histology joins the treated tumour's own codings, and the side and the treated
/// tumour stand for the order's own, and the confirmation answers confirm or refute the record's unconfirmed findings
/// (<see cref="OrderAnswers"/>).
/// </summary>
internal static class QuestionnaireAnswers
{
    /// <summary>DTR 2.0.1 <c>qr-context</c>: the orders and coverages a response is about.</summary>
    /// <summary>Each answer's Observation → the response it came from: the evidence names the response.</summary>
    private static readonly ConditionalWeakTable<Observation, string> Sources = new();

    /// <summary>The response an Observation was read from, or null for a chart Observation.</summary>
    public static string? SourceOf(Observation observation) =>
        Sources.TryGetValue(observation, out var source) ? source : null;

    /// <summary>
    /// The answers of the responses about <paramref name="order"/>; every response set aside is noted.
    /// </summary>
    public static OrderAnswers For(
        ServiceRequest order,
        IReadOnlyList<ServiceRequest> basket,
        PatientRecord record,
        PolicyTerminology terms,
        ReadingGuard guard
    )
    {
        var answers = new OrderAnswers();
        foreach (var response in record.QuestionnaireResponses)
        {
            if (SetAsideReason(response, order, basket, record) is { } reason)
            {
                if (reason.Length > 0)
                    guard.Remark($"{ResourceReading.ReferenceTo(response)} was set aside: {reason}");
                continue;
            }
            foreach (var (linkId, answer) in Answers(response.Item))
                Read(response, linkId, answer, record, terms, answers, guard);
        }
        return answers.IsEmpty ? OrderAnswers.None : answers;
    }

    /// <summary>
    /// Why the response is no evidence for the order; empty to set it aside unnoted; null when it counts.
    /// </summary>
    private static string? SetAsideReason(
        QuestionnaireResponse response,
        ServiceRequest order,
        IReadOnlyList<ServiceRequest> basket,
        PatientRecord record
    )
    {
        if (DocumentationQuestionnaires.ProcedureOf(response.Questionnaire) is null)
            // Another payer's or the EHR's own forms are simply not ours; an unknown form of ours is worth a word.
            return
                response.Questionnaire?.StartsWith(DocumentationQuestionnaires.CanonicalBase, StringComparison.Ordinal)
                == true
                ? $"it answers {response.Questionnaire}, which is not one of this service's Questionnaires."
                : "";
        var status = ResourceReading.CodeOf(response.StatusElement);
        if (status is not ("completed" or "amended"))
            return $"its status is {status ?? "not given"}; only a completed or amended response is documentation.";
        if (response.Author is not { Reference.Length: > 0 } and not { Identifier.Value.Length: > 0 })
            return "it does not name its author, so it cannot stand as documentation.";
        var orders = OrdersNamed(response, record).ToList();
        if (orders.Any(o => Names(o, response, order, record)))
            return null;
        // About another draft order of this call: evidence for that one, nothing to say on this one.
        if (orders.Any(o => basket.Any(other => !ReferenceEquals(other, order) && Names(o, response, other, record))))
            return "";
        return orders.Count == 0
            ? "it names no order (DTR qr-context), so it is not known which order it documents."
            : $"it is about {string.Join(", ", orders.Select(o => o.Reference))}, not ServiceRequest/{order.Id}.";
    }

    private static IEnumerable<ResourceReference> OrdersNamed(QuestionnaireResponse response, PatientRecord record) =>
        response
            .Extension.Where(e => e.Url == DocumentationQuestionnaires.ResponseContextUrl)
            .Select(e => e.Value)
            .OfType<ResourceReference>()
            .Concat(response.BasedOn)
            .Where(r => r.Reference is { Length: > 0 } && record.References.TypeOf(r, response) == "ServiceRequest");

    private static bool Names(
        ResourceReference reference,
        QuestionnaireResponse response,
        ServiceRequest order,
        PatientRecord record
    ) =>
        record.References.Resolve(reference.Reference, response) is { } resolved
            ? ReferenceEquals(resolved, order) || (resolved is ServiceRequest { Id: { } id } && id == order.Id)
            : ResourceReferences.Literal(reference.Reference) is { Type: "ServiceRequest" } literal
                && literal.Id == order.Id;

    /// <summary>Every answered item, groups and nested items included, with its linkId.</summary>
    private static IEnumerable<(string LinkId, QuestionnaireResponse.AnswerComponent Answer)> Answers(
        IEnumerable<QuestionnaireResponse.ItemComponent> items
    ) =>
        items.SelectMany(item =>
            item.Answer.Where(_ => item.LinkId is not null)
                .Select(a => (item.LinkId!, a))
                .Concat(Answers(item.Item))
                .Concat(Answers(item.Answer.SelectMany(a => a.Item)))
        );

    private static void Read(
        QuestionnaireResponse response,
        string linkId,
        QuestionnaireResponse.AnswerComponent answer,
        PatientRecord record,
        PolicyTerminology terms,
        OrderAnswers answers,
        ReadingGuard guard
    )
    {
        var source = $"{ResourceReading.ReferenceTo(response)} ({linkId})";
        var authored = ResourceReading.ToDateTimeOffset(response.Authored);
        Evidence Said(string summary) => new(ResourceReading.ReferenceTo(response), $"{summary} (answer)", authored);
        if (linkId == AnswerCodes.Histology && answer.Value is Coding histology)
        {
            var concept = new CodeableConcept { Coding = [histology] };
            answers.Histology.Add((concept, Said($"Histology {ResourceReading.Describe(concept)}")));
            return;
        }
        if (linkId == AnswerCodes.Laterality && answer.Value is Coding side)
        {
            var concept = new CodeableConcept { Coding = [side] };
            answers.Laterality.Add((concept, Said($"Side {ResourceReading.Describe(concept)}")));
            return;
        }
        if (linkId == AnswerCodes.TargetTumor && answer.Value is ResourceReference target)
        {
            if (record.References.Resolve<Condition>(target, response) is { } tumor)
                answers.Targets.Add((tumor, Said($"Treated tumor {ResourceReading.ReferenceTo(tumor)}")));
            else
                guard.Invalid(source, "the target tumor (not a Condition of this record)");
            return;
        }
        if (AnswerCodes.IsConfirmation(linkId))
        {
            if (answer.Value is FhirBoolean { Value: { } confirmed })
                answers.Confirmations.Add(
                    new(linkId, confirmed, Said(confirmed ? $"Confirmed ({linkId})" : $"Not confirmed ({linkId})"))
                );
            else
                guard.Invalid(source, $"the answer of type {answer.Value?.TypeName ?? "(none)"}");
            return;
        }
        if (AnswerCodes.ObservationCodeFor(linkId, terms) is not { } code)
        {
            if (AnswerCodes.IsReadElsewhere(linkId))
                guard.Invalid(source, $"the answer of type {answer.Value?.TypeName ?? "(none)"}");
            return;
        }
        DataType? value = answer.Value switch
        {
            FhirBoolean b when AnswerCodes.IsJudgement(linkId) => b,
            Quantity q when AnswerCodes.IsMeasurement(linkId) => q,
            Coding c when linkId == AnswerCodes.Staging => new CodeableConcept { Coding = [c] },
            _ => null,
        };
        if (value is null)
        {
            guard.Invalid(source, $"the answer of type {answer.Value?.TypeName ?? "(none)"}");
            return;
        }
        var observation = new Observation
        {
            Id = $"{response.Id}-{linkId}",
            Status = ObservationStatus.Final,
            Code = new CodeableConcept(code.System, code.Code, code.Display),
            Subject = response.Subject,
            Effective = response.Authored is { } when ? new FhirDateTime(when) : null,
            Value = value,
            DerivedFrom = [new ResourceReference(ResourceReading.ReferenceTo(response))],
        };
        Sources.AddOrUpdate(observation, ResourceReading.ReferenceTo(response));
        answers.Observations.Add(observation);
    }
}
