using System.Globalization;
using System.Text;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// Makes text taken from the record (displays, text, ids, messages) inert inside the markdown of <c>card.detail</c>:
/// it renders as the same plain text in a paragraph, a list item or a table cell and cannot start a heading, link,
/// image, emphasis, code span, HTML tag or a new table cell or line.
/// </summary>
public static class CardMarkdown
{
    /// <summary>
    /// Longer record text is cut: a card is read at a glance, and its size must not follow the record's.
    /// </summary>
    public const int MaxTextLength = 300;

    /// <summary>
    /// CommonMark/GFM characters with an inline meaning, backslash-escaped. ':' and '@' too, so a URL or an e-mail
    /// address is not turned into a link by GFM's autolinking; line starts (headings, lists) cannot occur because
    /// line breaks become spaces.
    /// </summary>
    private const string Escaped = "\\`*_{}[]()#+!|<>~:@&";

    public static string Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var cut = text.Length > MaxTextLength ? text[..MaxTextLength] : text;
        var result = new StringBuilder(cut.Length + 16);
        foreach (var c in cut)
        {
            var category = char.GetUnicodeCategory(c);
            if (
                char.IsControl(c)
                || char.IsWhiteSpace(c)
                || category is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            )
                result.Append(' ');
            // Zero-width and bidirectional controls could hide or reorder what the clinician reads.
            else if (
                category
                is UnicodeCategory.Format
                    or UnicodeCategory.Surrogate
                    or UnicodeCategory.PrivateUse
                    or UnicodeCategory.OtherNotAssigned
            )
                continue;
            else
            {
                if (Escaped.Contains(c))
                    result.Append('\\');
                result.Append(c);
            }
        }
        // "www." autolinks start without a scheme: escaping its dot breaks the pattern.
        result.Replace("www.", "www\\.").Replace("WWW.", "WWW\\.");
        if (cut.Length < text.Length)
            result.Append('…');
        return result.ToString();
    }
}
