using System.Diagnostics;
using System.Text;

namespace CryoCdsHooks.WhatIf.Tests;

/// <summary>
/// Inputs that crashed the tool: each is one line on stderr and exit 1, as the service answers them with a 400.
/// </summary>
public sealed class WhatIfInputLimitsTests
{
    private static readonly string[] Order = ["--cpt", "50593", "--date", "2026-11-20"];

    private static async Task<(int Code, string Out, string Err)> RunAsync(TextReader stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await WhatIfCommand.RunAsync([.. args, .. Order], stdin, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static void AssertOneLineRefusal((int Code, string Out, string Err) run, string expected)
    {
        Assert.Equal(WhatIfCommand.InvalidInput, run.Code);
        Assert.Empty(run.Out);
        Assert.Single(run.Err.TrimEnd('\n').Split('\n'));
        Assert.Contains(expected, run.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]", "the top level must be a JSON object")]
    [InlineData("""[{"resourceType": "Patient", "id": "p"}]""", "the top level must be a JSON object")]
    [InlineData("\"Bundle\"", "the top level must be a JSON object")]
    [InlineData(
        """{"resourceType": "Patient", "id": "p", "name": [{"text": "\ud800"}]}""",
        "escaped lone UTF-16 surrogate"
    )]
    [InlineData(
        """
            {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Observation",
              "status": "final", "code": {"coding": [{"code": "\udc00"}]}}}]}
            """,
        "escaped lone UTF-16 surrogate"
    )]
    [InlineData("""{"resourceType": "Patient", "id": "p", "\ud800": 1}""", "escaped lone UTF-16 surrogate")]
    [InlineData("""{"resourceType": "Patient", "id": "p", "id": "q"}""", "the bundle is not JSON")]
    public async Task Json_the_service_refuses_is_refused_in_one_line(string bundle, string expected) =>
        AssertOneLineRefusal(await RunAsync(new StringReader(bundle)), expected);

    [Fact]
    public async Task Nesting_deeper_than_the_service_reads_is_refused_in_one_line()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);

        AssertOneLineRefusal(await RunAsync(new StringReader(deep)), "the bundle is not JSON");
    }

    [Fact]
    public async Task A_directory_is_refused_in_one_line() =>
        AssertOneLineRefusal(
            await RunAsync(TextReader.Null, "--bundle", AppContext.BaseDirectory),
            "it is a directory"
        );

    [Theory]
    [InlineData("no-such-bundle.json")]
    [InlineData("cryo-whatif.dll/not-under-a-file.json")]
    public async Task A_file_that_cannot_be_opened_is_refused_in_one_line(string relative) =>
        AssertOneLineRefusal(
            await RunAsync(TextReader.Null, "--bundle", Path.Combine(AppContext.BaseDirectory, relative)),
            "cannot read"
        );

    [Fact]
    public async Task An_endless_file_is_read_only_up_to_the_cap()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();

        AssertOneLineRefusal(
            await RunAsync(TextReader.Null, "--bundle", "/dev/zero"),
            $"larger than {WhatIfCommand.MaxBundleBytes} bytes"
        );
        // Reading stops at the cap: the buffer grows to it at most (doubling), never to what the file could give.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4L * WhatIfCommand.MaxBundleBytes);
    }

    [Fact]
    public async Task Stdin_over_the_cap_is_refused_in_one_line()
    {
        var huge = new string(' ', WhatIfCommand.MaxBundleBytes + 1);

        AssertOneLineRefusal(
            await RunAsync(new StringReader(huge)),
            $"larger than {WhatIfCommand.MaxBundleBytes} bytes"
        );
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("""{"resourceType": "Patient", "id": "p", "name": [{"text": "\ud800"}]}""")]
    public async Task The_built_tool_exits_1_without_a_stack_trace(string bundle)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, bundle, new UTF8Encoding(false));
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (
                var argument in (string[])
                    [Path.Combine(AppContext.BaseDirectory, "cryo-whatif.dll"), "--bundle", file, .. Order]
            )
                start.ArgumentList.Add(argument);

            using var process = Process.Start(start)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.Equal(WhatIfCommand.InvalidInput, process.ExitCode);
            Assert.Single(error.TrimEnd('\n').Split('\n'));
            Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
