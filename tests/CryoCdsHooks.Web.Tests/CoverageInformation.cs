using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Tests;

/// <summary>Read access to one ext-coverage-information extension.</summary>
public sealed record CoverageInformation(JsonObject Extension)
{
    public IEnumerable<JsonObject> Parts(string url) =>
        Extension["extension"]!.AsArray().Select(p => p!.AsObject()).Where(p => (string?)p["url"] == url);

    public string? Code(string url) => Parts(url).Select(p => (string?)p["valueCode"]).FirstOrDefault();

    public IReadOnlyList<string> Codes(string url) => Parts(url).Select(p => (string)p["valueCode"]!).ToList();

    public string Covered => Code("covered")!;
    public string? PaNeeded => Code("pa-needed");
    public string AssertionId => (string)Parts("coverage-assertion-id").Single()["valueString"]!;
    public IReadOnlyList<string> ReasonCodes =>
        Parts("reason")
            .SelectMany(r => r["valueCodeableConcept"]?["coding"]?.AsArray() ?? [])
            .Select(c => (string)c!["code"]!)
            .ToList();
    public string? CoverageReference =>
        Parts("coverage").Select(p => (string?)p["valueReference"]?["reference"]).FirstOrDefault();
}
