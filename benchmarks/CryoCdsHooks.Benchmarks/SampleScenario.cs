using System.Text.Json.Nodes;

namespace CryoCdsHooks.Benchmarks;

/// <summary>One fhir-samples scenario: its ready-to-post hook request (with full prefetch).</summary>
internal sealed class SampleScenario
{
    private SampleScenario(string name, JsonObject request)
    {
        Name = name;
        Request = request;
    }

    public string Name { get; }

    /// <summary>The hook request as stored; callers get copies, never this instance.</summary>
    private JsonObject Request { get; }

    public string Hook => Request["hook"]!.GetValue<string>();
    public string ServiceId => Hook == "order-sign" ? "cryoablation-order-sign" : "cryoablation-order-select";
    public string PatientId => Request["context"]!["patientId"]!.GetValue<string>();
    public string? EncounterId => Request["context"]!["encounterId"]?.GetValue<string>();

    /// <summary>The JSON of one prefetch key (a resource, a searchset Bundle, or null).</summary>
    public string PrefetchJson(string key) => Request["prefetch"]![key]?.ToJsonString() ?? "null";

    public static SampleScenario Load(string name)
    {
        var path = Path.Combine(SamplesDirectory(), name, "hook-request.json");
        return new SampleScenario(name, JsonNode.Parse(File.ReadAllText(path))!.AsObject());
    }

    /// <summary>The request with full prefetch and a fresh hookInstance (a repeated one is answered 409).</summary>
    public JsonObject WithPrefetch() => Copy();

    /// <summary>
    /// The request without prefetch, granting access to <paramref name="fhirServer"/> instead, so the service
    /// runs the six prefetch queries itself.
    /// </summary>
    public JsonObject WithFhirServer(Uri fhirServer)
    {
        var request = Copy();
        request.Remove("prefetch");
        request["fhirServer"] = fhirServer.AbsoluteUri;
        request["fhirAuthorization"] = new JsonObject
        {
            ["access_token"] = "benchmark-token",
            ["token_type"] = "Bearer",
            ["expires_in"] = 300,
            ["scope"] = "patient/*.read",
            ["subject"] = "cryocdshooks-benchmark",
        };
        return request;
    }

    private JsonObject Copy()
    {
        var copy = Request.DeepClone().AsObject();
        copy["hookInstance"] = Guid.NewGuid().ToString();
        return copy;
    }

    // Walk up from the binaries so `dotnet run` works from any working directory.
    private static string SamplesDirectory()
    {
        for (
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            directory is not null;
            directory = directory.Parent
        )
        {
            var candidate = Path.Combine(directory.FullName, "fhir-samples");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException($"No fhir-samples folder above {AppContext.BaseDirectory}.");
    }
}
