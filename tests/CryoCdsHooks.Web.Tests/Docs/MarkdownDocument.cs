using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CryoCdsHooks.Web.Tests.Docs;

/// <summary>A Markdown file read the way GitHub renders links and heading anchors.</summary>
internal sealed partial class MarkdownDocument
{
    private MarkdownDocument(string path, string text)
    {
        Path = path;
        Text = text;
    }

    public string Path { get; }
    public string Text { get; }

    public static MarkdownDocument Load(string path) => new(path, File.ReadAllText(path));

    /// <summary>README.md, docs/ and fhir-samples/: what a reader of the repository follows.</summary>
    public static IEnumerable<string> PublishedFiles(string root) =>
        new[] { System.IO.Path.Combine(root, "README.md") }
            .Concat(Directory.EnumerateFiles(System.IO.Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories))
            .Concat(
                Directory.EnumerateFiles(
                    System.IO.Path.Combine(root, "fhir-samples"),
                    "*.md",
                    SearchOption.AllDirectories
                )
            )
            .Order(StringComparer.Ordinal);

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "CryoCdsHooks.sln")))
            directory = directory.Parent;
        return directory?.FullName
            ?? throw new InvalidOperationException("CryoCdsHooks.sln not found above the test binaries.");
    }

    /// <summary>Link targets outside code spans and fences that are neither absolute URLs nor mail addresses.</summary>
    public IEnumerable<string> RelativeLinks() =>
        LinkTarget()
            .Matches(WithoutCode(Text))
            .Select(m => m.Groups["target"].Value)
            .Where(target => !Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.IsFile)
            .Where(target => !target.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Why <paramref name="link"/> does not resolve from <paramref name="from"/>, or null when it does.
    /// </summary>
    public static string? Resolve(MarkdownDocument from, string link)
    {
        var hash = link.IndexOf('#', StringComparison.Ordinal);
        var file = Uri.UnescapeDataString(hash < 0 ? link : link[..hash]);
        var anchor = hash < 0 ? null : link[(hash + 1)..];
        var target =
            file.Length == 0
                ? from.Path
                : System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(from.Path)!, file));
        if (!File.Exists(target) && !Directory.Exists(target))
            return "no such file";
        if (anchor is null || !target.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            return null;
        return Load(target).Anchors().Contains(anchor) ? null : $"no heading with anchor #{anchor}";
    }

    /// <summary>
    /// GitHub's heading anchors (lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats).
    /// </summary>
    public HashSet<string> Anchors()
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match heading in Heading().Matches(Fence().Replace(Text, "")))
        {
            var slug = Slug(heading.Groups["title"].Value);
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
                unique = $"{slug}-{n}";
        }
        foreach (Match id in HtmlAnchor().Matches(Text))
            anchors.Add(id.Groups["id"].Value);
        return anchors;
    }

    private static string Slug(string title)
    {
        var text = InlineLink().Replace(title.Trim(), "${text}").ToLowerInvariant();
        var slug = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var category = char.GetUnicodeCategory(c);
            if (c is '-' or '_' || char.IsLetterOrDigit(c) || category == UnicodeCategory.NonSpacingMark)
                slug.Append(c);
            else if (c == ' ')
                slug.Append('-');
        }
        return slug.ToString();
    }

    private static string WithoutCode(string text) => InlineCode().Replace(Fence().Replace(text, ""), "");

    [GeneratedRegex(@"(?<!!)\[[^\]]*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"^#{1,6}\s+(?<title>.+?)\s*#*\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"<a\s+(?:id|name)=""(?<id>[^""]+)""")]
    private static partial Regex HtmlAnchor();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();
}
