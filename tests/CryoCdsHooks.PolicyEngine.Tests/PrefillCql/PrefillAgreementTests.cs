using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CryoCdsHooks.PolicyEngine.Rules;
using CryoCdsHooks.PolicyEngine.Terminology;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Xunit.Abstractions;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>
/// Executes the committed prefill Library's ELM (cql-execution, cql-exec-fhir) over every fhir-samples patient and
/// compares each answer with the fact the engine itself reads for that patient's order. Where the CQL answers, it
/// must agree; where it leaves an item empty but the engine found the fact, the case must be one of
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
        var patients = SamplePatient.Names().Select(SamplePatient.Read).ToList();
        var cases = new JsonArray();
        var facts = new Dictionary<string, IReadOnlyDictionary<string, string?>>();
        foreach (var patient in patients)
        {
            var order = engine
                .Evaluate(patient.Orders, patient.Orders, patient.Record, EvaluationDate)
                .Select(d => d.Order)
                .FirstOrDefault()
                ?? patient.Orders[0];
            var context = engine.FactsFor(order, patient.Record, EvaluationDate);
            facts[patient.Name] = EngineAnswers(context);
            cases.Add(
                new JsonObject
                {
                    ["key"] = patient.Name,
                    ["dateOfService"] = context.ReferenceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["bundle"] = JsonNode.Parse(PatientBundle(patient)),
                }
            );
        }

        var clock = Stopwatch.StartNew();
        var prefilled = Run(cases);
        output.WriteLine($"node ran {cases.Count} patients in {clock.Elapsed.TotalSeconds:0.0} s");

        var outcomes = patients
            .SelectMany(p =>
                PrefillLibrarySource.Answers.Keys.Select(item =>
                    Compare(p.Name, item, Cql(prefilled[p.Name]![item]), facts[p.Name][item])
                )
            )
            .ToList();
        var summary = outcomes.GroupBy(o => (o.Item, o.Kind)).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}");
        output.WriteLine($"{patients.Count} patients; " + string.Join("; ", summary));
        foreach (var outcome in outcomes.Where(o => o.Kind is Agreement.Gap or Agreement.Disagree))
            output.WriteLine(outcome.ToString());
        Assert.Empty(outcomes.Where(o => o.Kind == Agreement.Disagree).Select(o => o.ToString()));
        Assert.Equal(
            DocumentedGaps.Keys.Order(),
            outcomes.Where(o => o.Kind == Agreement.Gap).Select(o => $"{o.Sample}|{o.Item}").Order()
        );
        Assert.All(PrefillLibrarySource.Answers.Keys, item =>
            Assert.Contains(outcomes, o => o.Item == item && o.Kind == Agreement.Agree)
        );
    }

    /// <summary>The engine's reading of each item, in the answer's text form (null: the engine has no value).</summary>
    private static IReadOnlyDictionary<string, string?> EngineAnswers(EvaluationContext context) =>
        new Dictionary<string, string?>
        {
            [PrefillDefinitions.Egfr] = context.KidneyFunction.RecentEgfr is { } egfr
                ? Number(egfr.MlPerMinPer173M2) + (egfr.Comparator is null ? "" : " (bound)")
                : null,
            [MissingInformationCodes.SurgicalCandidacy.Code] = Text(context.SurgicalCandidacy.IsCandidate),
            [MissingInformationCodes.ResectionWorsensKidneyFunction.Code] = Text(
                context.Attestation(AttestationCodes.ResectionWorsensKidneyFunction).Value
            ),
            [MissingInformationCodes.CentralAirwayObstruction.Code] = Text(
                context.Attestation(AttestationCodes.CentralAirwayObstruction).Value
            ),
            // The CQL answers "found" only: not found is no answer, not "no".
            [PrefillDefinitions.SingleKidneyItem] = context.SingleKidney.HasSingleKidney ? "true" : null,
        };

    private static string? Cql(JsonNode? value) =>
        value switch
        {
            null => null,
            JsonObject quantity => Number((decimal)quantity["value"]!)
                + ((string?)quantity["unit"] == PrefillDefinitions.EgfrUnit ? "" : $" {quantity["unit"]}"),
            _ when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => Text((bool)value),
            _ => value.ToJsonString(),
        };

    private static Outcome Compare(string sample, string item, string? cql, string? engine) =>
        new(
            sample,
            item,
            cql,
            engine,
            (cql, engine) switch
            {
                (null, null) => Agreement.BothEmpty,
                (null, _) => Agreement.Gap,
                _ when cql == engine => Agreement.Agree,
                _ => Agreement.Disagree,
            }
        );

    /// <summary>
    /// What a DTR client's patient searches return: the record's resources about the patient (the engine's
    /// <see cref="RecordScope"/>), including those the engine sets aside for a modifierExtension.
    /// </summary>
    private static string PatientBundle(SamplePatient patient)
    {
        var (scoped, _, unread) = RecordScope.Apply(patient.Record);
        var subject = patient.Record.Patient ?? new Patient { Id = patient.Record.PatientId };
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        IEnumerable<Resource> resources =
        [
            subject,
            .. scoped.Conditions,
            .. scoped.Observations,
            .. scoped.Procedures,
            .. scoped.DiagnosticReports,
            .. unread.Select(u => u.Resource),
        ];
        foreach (var resource in resources)
            bundle.Entry.Add(new Bundle.EntryComponent { Resource = resource });
        return new FhirJsonSerializer().SerializeToString(bundle);
    }

    private static JsonObject Run(JsonArray cases)
    {
        var request = Path.GetTempFileName();
        try
        {
            File.WriteAllText(
                request,
                new JsonObject { ["library"] = PrefillLibrarySource.LibraryPath, ["cases"] = cases }.ToJsonString()
            );
            var start = new ProcessStartInfo("node", ["run-prefill.js", request])
            {
                WorkingDirectory = CqlRunnerFactAttribute.RunnerDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var node = Process.Start(start)!;
            var stderr = node.StandardError.ReadToEndAsync();
            var stdout = node.StandardOutput.ReadToEnd();
            Assert.True(node.WaitForExit(TimeSpan.FromMinutes(5)), "node did not finish within 5 minutes");
            Assert.True(node.ExitCode == 0, $"node failed: {stderr.Result}");
            return JsonNode.Parse(stdout)!.AsObject();
        }
        finally
        {
            File.Delete(request);
        }
    }

    private static string Number(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string? Text(bool? value) => value?.ToString().ToLowerInvariant();

    private enum Agreement
    {
        Agree,
        BothEmpty,
        Gap,
        Disagree,
    }

    private sealed record Outcome(string Sample, string Item, string? Cql, string? Engine, Agreement Kind);
}
