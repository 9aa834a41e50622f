using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CryoCdsHooks.PolicyEngine.Facts;
using CryoCdsHooks.PolicyEngine.Rules;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.Tests.Shared;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>
/// Executes the committed prefill Library's ELM (node, cql-execution, cql-exec-fhir: <c>cql/run-prefill.js</c>) for
/// each case, with the order's date of service as <c>DateOfService</c>, and compares every answer with the fact the
/// engine reads for that order (<see cref="Policy260Engine.FactsFor"/>).
/// </summary>
internal static class PrefillRun
{
    private static readonly Policy260Engine Engine = new();

    public static IReadOnlyList<PrefillOutcome> Compare(IReadOnlyList<PrefillCase> cases)
    {
        var requests = new JsonArray();
        var facts = new Dictionary<string, IReadOnlyDictionary<string, string?>>();
        foreach (var item in cases)
        {
            var context = Engine.FactsFor(item.Order, item.Record, item.EvaluationDate);
            facts[item.Key] = EngineAnswers(context);
            requests.Add(
                new JsonObject
                {
                    ["key"] = item.Key,
                    ["dateOfService"] = context.ReferenceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["bundle"] = JsonNode.Parse(PatientBundle(item.Record)),
                }
            );
        }
        var prefilled = Execute(requests);
        return cases
            .SelectMany(c =>
                PrefillLibrarySource.Answers.Keys.Select(item =>
                    Compare(c.Key, item, Cql(prefilled[c.Key]![item]), facts[c.Key][item])
                )
            )
            .ToList();
    }

    /// <summary>The engine's reading of each item, in the answer's text form (null: the engine has no value).</summary>
    private static IReadOnlyDictionary<string, string?> EngineAnswers(EvaluationContext context) =>
        new Dictionary<string, string?>
        {
            [PrefillDefinitions.Egfr] = context.KidneyFunction.RecentEgfr is { } egfr
                ? Number(egfr.MlPerMinPer173M2) + (egfr.Comparator is null ? "" : " (bound)")
                : null,
            [PrefillTumorSize.Item] = KidneyTumorSize(context) is { } size ? Number(size.Centimetres) + " cm" : null,
            [MissingInformationCodes.SurgicalCandidacy.Code] = Text(context.SurgicalCandidacy.IsCandidate),
            [MissingInformationCodes.ResectionWorsensKidneyFunction.Code] = Text(
                context.Attestation(AttestationCodes.ResectionWorsensKidneyFunction).Value
            ),
            [MissingInformationCodes.CentralAirwayObstruction.Code] = Text(
                context.Attestation(AttestationCodes.CentralAirwayObstruction).Value
            ),
            // The CQL answers "found" only: not found is no answer, not "no".
            [PrefillDefinitions.SingleKidneyItem] = context.SingleKidney.HasSingleKidney ? "true" : null,
            [PrefillHistology.Item] = LungCryoablationRules.HistologyKind(context),
            [PrefillStaging.Item] = NodesAndMetastases(
                KidneyStaging(context) ?? LungCryoablationRules.StagingOf(context)
            ),
        };

    /// <summary>The N and M categories the engine reads ("cN0, cM0"), null unless it reads both.</summary>
    private static string? NodesAndMetastases(StageAssessment? staging) =>
        staging is { N: { } n, M: { } m } ? $"{n.Label}, {m.Label}" : null;

    /// <summary>The size RenalCryoablationRules reads: of the current RCC among the order's kidney targets.</summary>
    private static TumorSizeMeasurement? KidneyTumorSize(EvaluationContext context)
    {
        var targets = context.Targets(RenalCryoablationRules.KidneySites);
        var rcc = KidneyRcc(context, targets);
        return rcc.Count == 0 ? null : context.TumorSize(targets, rcc);
    }

    /// <summary>The staging RenalCryoablationRules reads: of the same RCC (null when no RCC is targeted).</summary>
    private static StageAssessment? KidneyStaging(EvaluationContext context)
    {
        var targets = context.Targets(RenalCryoablationRules.KidneySites);
        var rcc = KidneyRcc(context, targets);
        return rcc.Count == 0 ? null : context.Staging(targets, rcc, StagingSite.Kidney);
    }

    private static List<ClassifiedCondition> KidneyRcc(EvaluationContext context, TumorTargets targets) =>
        targets
            .Conditions.Where(c =>
                c.State == ConditionState.Current
                && context.IsIn(c, ValueSetIds.RenalCellCarcinoma)
                && !context.IsIn(c, ValueSetIds.KidneyTumorNonRcc)
                && !context.IsIn(c, ValueSetIds.KidneyHistologyNonRcc)
            )
            .ToList();

    private static string? Cql(JsonNode? value) =>
        value switch
        {
            null => null,
            // The staging Codings: compared by their labels in the answer ValueSet.
            JsonArray codings => string.Join(", ", codings.Select(c => StagingLabel(c!.AsObject()))),
            // A Coding (the histology): compared by the kind the engine's value sets give it.
            JsonObject coding when coding.ContainsKey("code") => HistologyKind(coding),
            JsonObject quantity => Number((decimal)quantity["value"]!)
                + ((string?)quantity["unit"] == PrefillDefinitions.EgfrUnit ? "" : $" {quantity["unit"]}"),
            _ when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => Text((bool)value),
            _ => value.ToJsonString(),
        };

    private static string StagingLabel(JsonObject coding) =>
        PolicyTerminology
            .Instance[ValueSetIds.StagingValues]
            .DisplayOf(new Coding((string?)coding["system"], (string?)coding["code"]))
        ?? $"a coding not in the answer ValueSet: {coding.ToJsonString()}";

    private static string HistologyKind(JsonObject coding)
    {
        var concept = new CodeableConcept((string?)coding["system"], (string?)coding["code"]);
        return new[] { ValueSetIds.Sclc, ValueSetIds.Nsclc }.FirstOrDefault(vs =>
            PolicyTerminology.Instance[vs].Matches(concept)
        ) ?? $"a coding in neither value set: {coding.ToJsonString()}";
    }

    private static PrefillOutcome Compare(string key, string item, string? cql, string? engine) =>
        new(
            key,
            item,
            cql,
            engine,
            (cql, engine) switch
            {
                (null, null) => PrefillAgreement.BothEmpty,
                (null, _) => PrefillAgreement.Gap,
                _ when cql == engine => PrefillAgreement.Agree,
                _ => PrefillAgreement.Disagree,
            }
        );

    /// <summary>
    /// What a DTR client's patient searches return: the record's resources about the patient (the engine's
    /// <see cref="RecordScope"/>), including those the engine sets aside for a modifierExtension.
    /// </summary>
    private static string PatientBundle(PatientRecord record)
    {
        var (scoped, _, unread) = RecordScope.Apply(record);
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        IEnumerable<Resource> resources =
        [
            record.Patient ?? new Patient { Id = record.PatientId },
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

    private static JsonObject Execute(JsonArray cases)
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
                WorkingDirectory = CqlRunner.Directory,
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
}
