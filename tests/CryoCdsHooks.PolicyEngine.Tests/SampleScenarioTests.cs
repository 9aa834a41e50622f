using System.Text.Json;
using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>
/// Runs the shared scenarios in <c>fhir-samples/</c> (hook request prefetch in, expected.json out) through the
/// engine alone. Coverage/member checks belong to the web layer, so scenarios with a coverage reason or without our
/// coverage (noCoverage) are left out.
/// </summary>
public class SampleScenarioTests
{
    private static readonly string SamplesDirectory = FindSamplesDirectory();
    private static readonly FhirJsonDeserializer Deserializer = new();

    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (
            var scenario in ExpectedScenarios()
                .Where(s => !s.Orders.Any(o => o.Reason is not null) && s.NoCoverage is not { Count: > 0 })
        )
            data.Add(scenario.Scenario);
        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Engine_agrees_with_the_expected_answer_of_sample(string scenarioName)
    {
        var scenario = ExpectedScenarios().Single(s => s.Scenario == scenarioName);
        var (toEvaluate, draftOrders, record) = Load(scenario);

        var results = new Policy260Engine().Evaluate(toEvaluate, draftOrders, record, EvaluationDate);

        Assert.Equal(
            scenario.Orders.Select(o => (o.Reference, o.Covered, o.PaNeeded)).Order().ToList(),
            results
                .Select(r => ($"ServiceRequest/{r.Order.Id}", CrdCovered(r.Outcome), CrdPaNeeded(r.PriorAuthorization)))
                .Order()
                .ToList()
        );
    }

    /// <summary>
    /// Every conditional answer of a sample is judged again on its stored basis alone, after a round trip through
    /// FHIR JSON, with the same outcome, missing codes and criteria; only imaging guidance (judged with its basket)
    /// keeps none. The basis is smaller than the record whenever the evidence subset reproduces the answer.
    /// </summary>
    [Theory]
    [MemberData(nameof(Scenarios))]
    public void A_conditional_answer_is_judged_alike_on_its_stored_decision_basis(string scenarioName)
    {
        var (toEvaluate, draftOrders, record) = Load(ExpectedScenarios().Single(s => s.Scenario == scenarioName));
        var engine = new Policy260Engine();
        var conditional = engine
            .Evaluate(toEvaluate, draftOrders, record, EvaluationDate)
            .Where(d => d.Outcome == DeterminationOutcome.NeedsInformation);

        foreach (var determination in conditional)
        {
            var kept = DecisionBasis.Keep(engine, determination, record, EvaluationDate, PolicyTerminology.Instance);
            if (determination.Procedure == ProcedureClass.ImagingGuidance && kept is null)
                continue;
            Assert.NotNull(kept);
            var json = new FhirJsonSerializer().SerializeToString(kept.ToParameters());
            var stored = DecisionBasis.FromParameters(Deserializer.Deserialize<Parameters>(json))!;
            var again = stored.Judge(engine)!;

            Assert.Equal(determination.Outcome, again.Outcome);
            Assert.Equal(determination.Missing.Select(m => m.Code), again.Missing.Select(m => m.Code));
            Assert.Equal(
                determination.Criteria.Select(c => (c.Id, c.Status)),
                again.Criteria.Select(c => (c.Id, c.Status))
            );
            Assert.DoesNotContain(stored.Record.AllResources(), r => r is Patient);
            Assert.All(stored.Record.AllResources().OfType<DomainResource>(), r => Assert.Null(r.Text));
        }
    }

    private static readonly DateOnly EvaluationDate = new(2026, 11, 20);

    private static (List<ServiceRequest> ToEvaluate, List<ServiceRequest> DraftOrders, PatientRecord Record) Load(
        ExpectedScenario scenario
    )
    {
        using var request = JsonDocument.Parse(File.ReadAllText(Path.Combine(SamplesDirectory, scenario.Request)));
        var context = request.RootElement.GetProperty("context");
        var prefetch = request.RootElement.GetProperty("prefetch");
        var draftOrders = Resource<Bundle>(context.GetProperty("draftOrders"))
            .Entry.Select(e => e.Resource)
            .OfType<ServiceRequest>()
            .ToList();
        var selections = context.TryGetProperty("selections", out var selected)
            ? selected.EnumerateArray().Select(s => s.GetString()).ToHashSet()
            : null;
        var toEvaluate = draftOrders
            .Where(o => selections is null || selections.Contains($"ServiceRequest/{o.Id}"))
            .ToList();
        return (toEvaluate, draftOrders, RecordFrom(prefetch));
    }

    private static PatientRecord RecordFrom(JsonElement prefetch) =>
        new()
        {
            Conditions = Search<Condition>(prefetch, "conditions"),
            Observations = Search<Observation>(prefetch, "observations"),
            Procedures = Search<Procedure>(prefetch, "procedures"),
            DiagnosticReports = Search<DiagnosticReport>(prefetch, "diagnosticReports"),
            QuestionnaireResponses = Search<QuestionnaireResponse>(prefetch, "questionnaireResponses"),
            Patient =
                prefetch.TryGetProperty("patient", out var patient) && patient.ValueKind == JsonValueKind.Object
                    ? Resource<Patient>(patient)
                    : null,
            Encounter =
                prefetch.TryGetProperty("encounter", out var encounter) && encounter.ValueKind == JsonValueKind.Object
                    ? Resource<Encounter>(encounter)
                    : null,
        };

    private static List<T> Search<T>(JsonElement prefetch, string key)
        where T : Resource =>
        prefetch.TryGetProperty(key, out var bundle) && bundle.ValueKind == JsonValueKind.Object
            ? Resource<Bundle>(bundle).Entry.Select(e => e.Resource).OfType<T>().ToList()
            : [];

    private static T Resource<T>(JsonElement json)
        where T : Resource => Deserializer.Deserialize<T>(json.GetRawText());

    private static string CrdCovered(DeterminationOutcome outcome) =>
        outcome switch
        {
            DeterminationOutcome.Covered => "covered",
            DeterminationOutcome.NeedsInformation => "conditional",
            _ => "not-covered",
        };

    private static string? CrdPaNeeded(PriorAuthorization pa) =>
        pa switch
        {
            PriorAuthorization.Required => "auth-needed",
            PriorAuthorization.NotRequired => "no-auth",
            PriorAuthorization.Conditional => "conditional",
            _ => null,
        };

    private static IReadOnlyList<ExpectedScenario> ExpectedScenarios() =>
        JsonSerializer.Deserialize<List<ExpectedScenario>>(
            File.ReadAllText(Path.Combine(SamplesDirectory, "expected.json")),
            new JsonSerializerOptions(JsonSerializerDefaults.Web)
        )!;

    private static string FindSamplesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "fhir-samples");
            if (File.Exists(Path.Combine(candidate, "expected.json")))
                return candidate;
        }
        throw new DirectoryNotFoundException("fhir-samples/expected.json not found above the test output directory.");
    }

    private sealed record ExpectedScenario(
        string Scenario,
        string Request,
        IReadOnlyList<ExpectedOrder> Orders,
        IReadOnlyList<string>? NoCoverage
    );

    private sealed record ExpectedOrder(string Reference, string Covered, string? PaNeeded, string? Reason);
}
