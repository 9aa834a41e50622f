using System.Diagnostics;
using System.Text.Json.Nodes;
using CryoCdsHooks.Tests.Shared;
using CryoCdsHooks.Web.Tests.Docs;

namespace CryoCdsHooks.Web.Tests.Dtr;

/// <summary>
/// What a DTR client does with our package: executes the prefill Library's ELM (node, cql-execution,
/// cql-exec-fhir: <c>run-prefill.js</c>) over the patient's chart with the order's date as <c>DateOfService</c>,
/// giving one value (or null) per prefilled item.
/// </summary>
public static class CqlPrefill
{
    public static async Task<JsonObject> RunAsync(JsonObject chartBundle, string dateOfService)
    {
        var library = Path.Combine(
            MarkdownDocument.RepositoryRoot(),
            "src",
            "CryoCdsHooks.PolicyEngine",
            "Documentation",
            "Library-mp260-prefill.json"
        );
        var requestFile = Path.GetTempFileName();
        try
        {
            var request = new JsonObject
            {
                ["library"] = library,
                ["cases"] = new JsonArray(
                    new JsonObject
                    {
                        ["key"] = "patient",
                        ["dateOfService"] = dateOfService,
                        ["bundle"] = chartBundle.DeepClone(),
                    }
                ),
            };
            await File.WriteAllTextAsync(requestFile, request.ToJsonString());
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = CqlRunner.Directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add("run-prefill.js");
            start.ArgumentList.Add(requestFile);
            using var node = Process.Start(start)!;
            var output = node.StandardOutput.ReadToEndAsync();
            var error = node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(node.ExitCode == 0, await error);
            return JsonNode.Parse(await output)!["patient"]!.AsObject();
        }
        finally
        {
            File.Delete(requestFile);
        }
    }
}
