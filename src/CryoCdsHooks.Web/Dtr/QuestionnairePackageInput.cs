using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Hooks;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>
/// The inputs of <c>$questionnaire-package</c> beyond what selects forms (DTR 2.0.1
/// OperationDefinition-questionnaire-package): <c>coverage</c> 0..* Coverage, <c>referenced</c> 0..* resources the
/// order references, <c>changedsince</c> 0..1 dateTime (instant in dtr-qpackage-input-parameters), checked against
/// their definitions.
/// </summary>
public sealed record QuestionnairePackageInput(
    IReadOnlyList<Coverage> Coverages,
    IReadOnlyList<Resource> Referenced,
    DateTimeOffset? ChangedSince
)
{
    /// <summary>The inputs, or the message and expression of the first that breaks its definition.</summary>
    public static (QuestionnairePackageInput? Input, (string Message, string Expression)? Problem) Read(
        Parameters parameters
    )
    {
        var coverages = new List<Coverage>();
        var referenced = new List<Resource>();
        foreach (var (parameter, index) in parameters.Parameter.Select((p, i) => (p, i)))
        {
            var at = $"Parameters.parameter[{index}]";
            switch (parameter.Name)
            {
                case "coverage" when parameter.Resource is Coverage coverage:
                    coverages.Add(coverage);
                    break;
                case "coverage":
                    return (null, ("coverage must carry a Coverage resource.", at));
                case "referenced" when parameter.Resource is { } resource:
                    referenced.Add(resource);
                    break;
                case "referenced":
                    return (null, ("referenced must carry the resource the order references.", at));
                case "order" when parameter.Resource is null:
                    return (null, ("order must carry the order resource.", at));
            }
        }
        var changed = parameters.Parameter.Where(p => p.Name == "changedsince").ToList();
        if (changed.Count > 1)
            return (null, ("changedsince is given at most once.", "changedsince"));
        DateTimeOffset? changedSince = null;
        if (changed is [var since])
        {
            changedSince = since.Value switch
            {
                Instant { Value: { } instant } => instant,
                FhirDateTime dateTime when dateTime.TryToDateTimeOffset(out var parsed) => parsed,
                _ => null,
            };
            if (changedSince is null)
                return (null, ("changedsince is a dateTime (or instant).", "changedsince"));
        }
        var input = new QuestionnairePackageInput(coverages, referenced, changedSince);
        return input.PatientProblem(parameters) is { } problem ? (null, problem) : (input, null);
    }

    /// <summary>
    /// Whether the coverages given are all another payer's: then none of our forms applies. A payor known only by
    /// a reference nobody resolves may be us, so it does not count as another's.
    /// </summary>
    public bool OnlyOtherPayers(PayerIdentity payer)
    {
        if (Coverages.Count == 0)
            return false;
        var references = new PatientRecord { Coverages = Coverages, Included = Referenced }.References;
        return Coverages.All(c => payer.Match(c, references) == PayerMatch.Other);
    }

    /// <summary>
    /// A referenced Patient must be the one the orders and coverages are about: documentation of one patient is
    /// never collected under another's order.
    /// </summary>
    private (string Message, string Expression)? PatientProblem(Parameters parameters)
    {
        var patients = Referenced.OfType<Patient>().Select(p => p.Id).OfType<string>().ToList();
        var subjects = parameters
            .Parameter.Where(p => p.Name == "order")
            .Select(p => (p.Resource as ServiceRequest)?.Subject)
            .Concat(Coverages.Select(c => c.Beneficiary))
            .Select(r => ResourceReferences.Literal(r?.Reference))
            .OfType<(string Type, string Id)>()
            .Where(l => l.Type == "Patient")
            .Select(l => l.Id)
            .Distinct()
            .ToList();
        return patients.Concat(subjects).Distinct().Count() > 1
            ? ("The order, coverage and referenced Patient name different patients.", "referenced")
            : null;
    }
}
