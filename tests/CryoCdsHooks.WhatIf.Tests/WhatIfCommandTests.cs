using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CryoCdsHooks.WhatIf.Tests;

/// <summary>The what-if evaluator on the fhir-samples patients, in-process and as the built executable.</summary>
public sealed class WhatIfCommandTests
{
    private static readonly string Samples = FindSamples();

    private static string Bundle(string scenario) => Path.Combine(Samples, scenario, "bundle.json");

    private static async Task<(int Code, string Out, string Err)> RunAsync(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await WhatIfCommand.RunAsync(args, new StringReader(stdin), output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Text_report_gives_determination_criteria_with_evidence_and_policy_clause_and_what_is_missing()
    {
        var (code, output, _) = await RunAsync(
            "",
            "--bundle",
            Bundle("07-renal-candidacy-unknown"),
            "--cpt",
            "50593",
            "--date",
            "2026-11-20"
        );

        Assert.Equal(WhatIfCommand.Ok, code);
        Assert.Contains("Determination: conditional (needs information)", output);
        Assert.Contains("Policy:        Medical Policy 260, version 9/2024", output);
        Assert.Contains("[met] Confirmed, active renal cell carcinoma is the treated tumor", output);
        Assert.Contains("policy: Cryosurgical ablation may be considered MEDICALLY NECESSARY", output);
        Assert.Contains("evidence: C64", output);
        Assert.Matches(@"Missing:\n  - \S+: ", output);
    }

    [Fact]
    public async Task Json_report_from_stdin_matches_the_services_answer_for_the_sample()
    {
        var (code, output, _) = await RunAsync(
            await File.ReadAllTextAsync(Bundle("04-renal-45mm-criteria-not-met")),
            "--cpt",
            "50593",
            "--date",
            "2026-11-20",
            "--format",
            "json"
        );

        Assert.Equal(WhatIfCommand.Ok, code);
        var report = JsonNode.Parse(output)!;
        Assert.Equal("not-covered (criteria not met)", (string?)report["determination"]);
        Assert.Equal("9/2024", (string?)report["policy"]!["version"]);
        Assert.Contains(report["criteria"]!.AsArray(), c =>
            (string?)c!["status"] == "not met" && c["evidence"]!.AsArray().Count > 0
        );
    }

    [Fact]
    public async Task A_date_before_every_policy_edition_asks_for_the_date_of_service()
    {
        var (_, output, _) = await RunAsync(
            "",
            "--bundle",
            Bundle("01-renal-50593-not-candidate-outpatient"),
            "--cpt",
            "50593",
            "--date",
            "2017-01-05",
            "--format",
            "json"
        );

        Assert.Equal("date-of-service", (string?)JsonNode.Parse(output)!["missing"]![0]!["code"]);
    }

    [Fact]
    public async Task A_code_outside_the_policy_says_so()
    {
        var (code, output, _) = await RunAsync(
            "",
            "--bundle",
            Bundle("01-renal-50593-not-candidate-outpatient"),
            "--cpt",
            "47381",
            "--date",
            "2026-11-20"
        );

        Assert.Equal(WhatIfCommand.Ok, code);
        Assert.Contains("not in the scope of Medical Policy 260", output);
    }

    [Theory]
    [InlineData("--cpt", "50593")]
    [InlineData("--cpt", "50593", "--date", "20-11-2026")]
    [InlineData("--cpt", "50593", "--date", "2026-11-20", "--format", "xml")]
    public async Task Missing_or_bad_arguments_print_usage_and_exit_2(params string[] args)
    {
        var (code, output, error) = await RunAsync("{}", args);

        Assert.Equal(WhatIfCommand.Usage, code);
        Assert.Empty(output);
        Assert.Contains("usage: cryo-whatif", error);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData(
        """
            {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Observation",
              "status": 7}}]}
            """
    )]
    // Firely keeps an unknown status code leniently; the engine reads it.
    [InlineData(
        """
            {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Condition",
              "id": "c", "code": {"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "C64.1"}]}}},
              {"resource": {"resourceType": "Observation", "status": "bogus",
              "code": {"coding": [{"system": "http://loinc.org", "code": "21906-3"}]}}}]}
            """
    )]
    public async Task A_bundle_that_is_not_readable_FHIR_exits_1_with_a_reason(string bundle)
    {
        var (code, output, error) = await RunAsync(bundle, "--cpt", "50593", "--date", "2026-11-20");

        Assert.Equal(WhatIfCommand.InvalidInput, code);
        Assert.Empty(output);
        Assert.NotEmpty(error);
    }

    [Fact]
    public async Task The_built_tool_runs_as_documented_on_a_sample()
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "cryo-whatif.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                tool,
                "--bundle",
                Bundle("01-renal-50593-not-candidate-outpatient"),
                "--cpt",
                "50593",
                "--date",
                "2026-11-20",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Determination: covered", output);
    }

    private static string FindSamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var samples = Path.Combine(dir.FullName, "fhir-samples");
            if (Directory.Exists(samples))
                return samples;
        }
        throw new DirectoryNotFoundException("fhir-samples not found above the test output directory");
    }
}
