using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace CryoCdsHooks.Benchmarks;

/// <summary>
/// What benchmarks/load.sh drives with wrk: a ceiling server (Kestrel that reads the body and writes a fixed 2 KB
/// answer, nothing else) and the request bodies, written from fhir-samples.
/// </summary>
internal static class LoadTargets
{
    /// <summary>Serves the fixed answer on every POST until killed.</summary>
    public static async Task<int> RunCeilingServerAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        app.MapPost("/{**path}", HttpCeilingMeasurement.FixedAnswerAsync);
        await app.RunAsync();
        return 0;
    }

    /// <summary>
    /// Writes a scenario's request (full prefetch) as compact JSON; optionally with unrelated Conditions and
    /// Observations added, as an EHR sends for a patient with a long history when it ignores the code filter.
    /// </summary>
    public static int WriteRequest(string scenarioName, int extraConditions, int extraObservations)
    {
        var request = SampleScenario.Load(scenarioName).WithPrefetch();
        var prefetch = request["prefetch"]!;
        AddFillers(prefetch["conditions"]!, extraConditions, ConditionFillers);
        AddFillers(prefetch["observations"]!, extraObservations, ObservationFillers);
        Console.Out.Write(request.ToJsonString());
        return 0;
    }

    // Codes no policy 260 rule reads: the answer stays that of the scenario.
    private static readonly (string System, string Code, string Display)[] ConditionFillers =
    [
        ("http://hl7.org/fhir/sid/icd-10-cm", "I10", "Essential (primary) hypertension"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "E11.9", "Type 2 diabetes mellitus without complications"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "E78.5", "Hyperlipidemia, unspecified"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "J45.909", "Unspecified asthma, uncomplicated"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "K21.9", "Gastro-esophageal reflux disease without esophagitis"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "M54.50", "Low back pain, unspecified"),
    ];

    private static readonly (string System, string Code, string Display)[] ObservationFillers =
    [
        ("http://loinc.org", "8867-4", "Heart rate"),
        ("http://loinc.org", "8480-6", "Systolic blood pressure"),
        ("http://loinc.org", "2345-7", "Glucose [Mass/volume] in Serum or Plasma"),
        ("http://loinc.org", "29463-7", "Body weight"),
        ("http://loinc.org", "718-7", "Hemoglobin [Mass/volume] in Blood"),
    ];

    private static void AddFillers(JsonNode bundle, int count, (string System, string Code, string Display)[] codes)
    {
        var entries = bundle["entry"]!.AsArray();
        var template = entries[0]!;
        for (var i = 0; i < count; i++)
        {
            var entry = template.DeepClone();
            var resource = entry["resource"]!;
            var id = $"filler-{i}";
            var (system, code, display) = codes[i % codes.Length];
            resource["id"] = id;
            resource["code"] = new JsonObject
            {
                ["coding"] = new JsonArray(
                    new JsonObject
                    {
                        ["system"] = system,
                        ["code"] = code,
                        ["display"] = display,
                    }
                ),
                ["text"] = display,
            };
            // A clinician's note, as long histories carry; it brings the request to the size the issue names.
            resource["note"] = new JsonArray(
                new JsonObject { ["text"] = $"{display}: reviewed at visit {i}. " + new string('.', 200) }
            );
            resource.AsObject().Remove("focus");
            resource.AsObject().Remove("bodySite");
            entry["fullUrl"] = $"https://ehr.example.org/fhir/{resource["resourceType"]}/{id}";
            entries.Add(entry);
        }
    }
}
