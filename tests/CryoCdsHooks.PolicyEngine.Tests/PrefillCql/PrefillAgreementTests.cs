using Xunit.Abstractions;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>
/// The prefill CQL against the engine on every fhir-samples patient (<see cref="PrefillRun"/>). Where the CQL
/// answers, it must agree; where it leaves an item empty but the engine found the fact, the case must be one of
/// <see cref="DocumentedGaps"/> (docs/dtr.md), so a new gap, or a closed one, fails the test.
/// </summary>
public class PrefillAgreementTests(ITestOutputHelper output)
{
    private static readonly DateOnly EvaluationDate = new(2026, 11, 20);

    /// <summary>Sample | item → why the CQL leaves it empty while the engine reads it.</summary>
    private static readonly IReadOnlyDictionary<string, string> DocumentedGaps = new Dictionary<string, string>();

    [CqlRunnerFact]
    public void Prefilled_answers_agree_with_the_engines_facts_for_every_sample_patient()
    {
        var engine = new Policy260Engine();
        var cases = SamplePatient
            .Names()
            .Select(SamplePatient.Read)
            .Select(p => new PrefillCase(
                p.Name,
                p.Record,
                // The order the engine answers (the form is for it); an out-of-scope sample: its first order.
                engine.Evaluate(p.Orders, p.Orders, p.Record, EvaluationDate).Select(d => d.Order).FirstOrDefault()
                    ?? p.Orders[0],
                EvaluationDate
            ))
            .ToList();

        var outcomes = PrefillRun.Compare(cases);

        Report(cases.Count, outcomes);
        Assert.Empty(outcomes.Where(o => o.Kind == PrefillAgreement.Disagree).Select(o => o.ToString()));
        Assert.Equal(
            DocumentedGaps.Keys.Order(),
            outcomes.Where(o => o.Kind == PrefillAgreement.Gap).Select(o => $"{o.Key}|{o.Item}").Order()
        );
        Assert.All(PrefillLibrarySource.Answers.Keys, item =>
            Assert.Contains(outcomes, o => o.Item == item && o.Kind == PrefillAgreement.Agree)
        );
    }

    private void Report(int patients, IReadOnlyList<PrefillOutcome> outcomes)
    {
        output.WriteLine($"{patients} patients");
        foreach (var item in outcomes.GroupBy(o => o.Item))
            output.WriteLine(
                $"{item.Key}: " + string.Join(", ", item.GroupBy(o => o.Kind).Select(k => $"{k.Key} {k.Count()}"))
            );
        foreach (var outcome in outcomes.Where(o => o.Kind is PrefillAgreement.Gap or PrefillAgreement.Disagree))
            output.WriteLine(outcome.ToString());
    }
}
