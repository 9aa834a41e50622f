using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.Web.Hosting;

namespace CryoCdsHooks.Web.Tests.Docs;

/// <summary>
/// Keeps the documentation true as the code moves: links and anchors resolve, every option is in
/// docs/configuration.md with the default the code has, and what the code cites exists.
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly string Root = MarkdownDocument.RepositoryRoot();

    public static TheoryData<string> MarkdownFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in MarkdownDocument.PublishedFiles(Root))
            data.Add(Path.GetRelativePath(Root, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Every_relative_link_and_anchor_resolves(string relativePath)
    {
        var document = MarkdownDocument.Load(Path.Combine(Root, relativePath));
        var broken = document
            .RelativeLinks()
            .Where(link => MarkdownDocument.Resolve(document, link) is not null)
            .Select(link => $"{link}: {MarkdownDocument.Resolve(document, link)}")
            .ToList();
        Assert.True(broken.Count == 0, $"{relativePath}:\n" + string.Join('\n', broken));
    }

    public static TheoryData<string, string> Options()
    {
        var data = new TheoryData<string, string>();
        foreach (var (key, value) in OptionDefaults())
            data.Add(key, value);
        return data;
    }

    [Theory]
    [MemberData(nameof(Options))]
    public void Every_option_is_in_the_configuration_reference_with_the_default_the_code_has(
        string key,
        string codeDefault
    )
    {
        var rows = File.ReadAllLines(Path.Combine(Root, "docs", "configuration.md"))
            .Where(line => line.StartsWith('|'))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length > 3 && cells[1].Contains($"`{key}`", StringComparison.Ordinal))
            .ToList();
        Assert.True(
            rows.Count == 1,
            $"docs/configuration.md should have exactly one row for `{key}`, found {rows.Count}"
        );
        Assert.Contains($"`{codeDefault}`", rows[0][2], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_document_and_interpretation_call_the_code_cites_exists()
    {
        var interpretation = File.ReadAllText(Path.Combine(Root, "docs", "policy-interpretation.md"));
        var missing = new List<string>();
        foreach (
            var file in Directory
                .EnumerateFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
                .Where(f =>
                    !f.Contains(
                        $"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}",
                        StringComparison.Ordinal
                    )
                )
        )
        {
            var text = File.ReadAllText(file);
            var name = Path.GetRelativePath(Root, file);
            missing.AddRange(
                CitedDocument()
                    .Matches(text)
                    .Select(m => m.Value)
                    .Where(doc => !File.Exists(Path.Combine(Root, doc)))
                    .Select(doc => $"{name} cites {doc}")
            );
            missing.AddRange(
                CitedInterpretationCall()
                    .Matches(text)
                    .Select(m => m.Groups["call"].Value)
                    .Where(call =>
                        !Regex.IsMatch(interpretation, $@"^## {Regex.Escape(call)} ", RegexOptions.Multiline)
                    )
                    .Select(call => $"{name} cites {call}")
            );
            if (text.Contains("README \"Data conventions\"", StringComparison.Ordinal))
                missing.Add($"{name} cites the README's data conventions, which live in docs/data-conventions.md");
        }
        Assert.True(missing.Count == 0, string.Join('\n', missing.Distinct()));
    }

    /// <summary>Every settable property of every options class bound from configuration, with its default.</summary>
    private static IEnumerable<(string Key, string Default)> OptionDefaults()
    {
        var assemblies = new[] { typeof(CdsServiceOptions).Assembly, typeof(FhirAccessOptions).Assembly };
        foreach (
            var type in assemblies
                .SelectMany(a => a.GetTypes())
                .Where(t => t.IsClass && t.Name.EndsWith("Options", StringComparison.Ordinal))
        )
        {
            var section = type.GetField("Section", BindingFlags.Public | BindingFlags.Static)
                ?? type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static);
            if (
                section?.GetRawConstantValue() is not string sectionName
                || type.GetConstructor(Type.EmptyTypes) is null
            )
                continue;
            var instance = Activator.CreateInstance(type)!;
            foreach (
                var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)
            )
                yield return ($"{sectionName}:{property.Name}", Formatted(property.GetValue(instance)));
        }
    }

    /// <summary>How configuration.md writes a default: as it would be typed into appsettings.json.</summary>
    private static string Formatted(object? value) =>
        value switch
        {
            null or "" => "none",
            string text => text,
            bool flag => flag ? "true" : "false",
            TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
            IDictionary { Count: 0 } => "{}",
            IEnumerable items and not string when !items.Cast<object>().Any() => "[]",
            IEnumerable items and not string => "["
                + string.Join(", ", items.Cast<object>().Select(i => $"\"{i}\""))
                + "]",
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "none",
        };

    [GeneratedRegex(@"docs/[A-Za-z0-9_./-]+\.md")]
    private static partial Regex CitedDocument();

    [GeneratedRegex(@"\b(?<call>I-\d+)\b")]
    private static partial Regex CitedInterpretationCall();
}
