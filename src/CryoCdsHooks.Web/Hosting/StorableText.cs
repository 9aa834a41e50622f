namespace CryoCdsHooks.Web.Hosting;

/// <summary>
/// The one rule for text a client sends: it must be storable by every database we run on. SQLite keeps any UTF-16,
/// PostgreSQL refuses NUL (U+0000) in text and parameters (error 22021) and text that does not encode as UTF-8
/// (a lone surrogate). Such text is refused with a 400 where it enters: in every JSON body
/// (<see cref="JsonRequestBody"/>) and in every query (<see cref="HostingExtensions"/>), so both providers answer
/// the same (docs/security.md, "Text the service accepts").
/// </summary>
public static class StorableText
{
    /// <summary>What is refused, for error messages.</summary>
    public const string Refused = "NUL (\\u0000) or a lone UTF-16 surrogate (such as \\ud800)";

    public static bool IsStorable(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
                return false;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
                return false;
        }
        return true;
    }
}
