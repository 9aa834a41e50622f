using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CryoCdsHooks.PolicyEngine.Documentation;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

public class PrefillLibraryTests
{
    [Fact]
    public void Committed_prefill_library_is_exactly_what_its_one_source_generates()
    {
        var generated = PrefillLibrarySource.Generate().Library;
        if (Environment.GetEnvironmentVariable("CRYO_WRITE_PREFILL_LIBRARY") == "1")
            File.WriteAllText(PrefillLibrarySource.LibraryPath, generated);

        Assert.Equal(generated, File.ReadAllText(PrefillLibrarySource.LibraryPath).ReplaceLineEndings("\n"));
        Assert.Equal(generated, PrefillLibrary.Json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Library_carries_cql_text_and_elm_that_define_the_same_names()
    {
        var library = PrefillLibrary.Load();
        var cql = Content(library, "text/cql");
        var elm = JsonNode.Parse(
            Content(library, "application/elm+json"),
            documentOptions: new JsonDocumentOptions { MaxDepth = PrefillLibrarySource.ElmMaxDepth }
        )!["library"]!;

        var cqlNames = Regex
            .Matches(cql, "^define \"([^\"]+)\":", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value);
        var elmNames = elm["statements"]!["def"]!.AsArray().Select(d => (string)d!["name"]!).Where(n => n != "Patient");
        Assert.Equal(cqlNames, elmNames);
        Assert.Contains($"library {PrefillLibrary.Name} version '{library.Version}'", cql);
        Assert.Equal(PrefillLibrary.Name, (string)elm["identifier"]!["id"]!);
        Assert.Equal(library.Version, (string)elm["identifier"]!["version"]!);
    }

    [Fact]
    public void Every_answer_the_library_declares_is_a_definition_named_after_its_item()
    {
        var library = PrefillLibrary.Load();
        var cql = Content(library, "text/cql");

        Assert.Equal(PrefillLibrary.Canonical, library.Url);
        Assert.Equal(PrefillLibrary.Name, library.Name);
        var answers = library.Parameter.Where(p => p.Use == OperationParameterUse.Out).Select(p => p.Name).ToList();
        Assert.Equal(PrefillLibrarySource.Answers.Keys.Order(), answers.Order());
        Assert.Equal(PrefillLibrarySource.Answers.Keys.Order(), PrefillLibrary.Answers.Order());
        Assert.All(answers, name => Assert.Contains($"define \"{name}\":", cql));
        Assert.Contains(library.Parameter, p =>
            p.Name == PrefillLibrary.DateOfServiceParameter && p.Use == OperationParameterUse.In
        );
    }

    private static string Content(Library library, string contentType) =>
        Encoding.UTF8.GetString(Assert.Single(library.Content, c => c.ContentType == contentType).Data!);
}
