using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Range = System.Range;

namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// Parses a fetched FHIR response the way <see cref="FhirJson"/> reads any resource, but a Bundle one entry at a time:
/// the Bundle without its entries first, then each entry on its own, with the hook deadline checked between entries.
/// One Firely parse thus never spans more than one entry, and a page of many entries stops soon after the deadline.
/// </summary>
internal static class SearchPageParser
{
    private static readonly byte[] EntryWrapperStart = Encoding.UTF8.GetBytes("""{"resourceType":"Bundle","entry":[""");
    private static readonly byte[] EntryWrapperEnd = "]}"u8.ToArray();

    /// <exception cref="OperationCanceledException"><paramref name="token"/> fired between entries.</exception>
    public static bool TryParse(
        ReadOnlySpan<byte> body,
        CancellationToken token,
        [NotNullWhen(true)] out Resource? resource,
        out string error,
        out IReadOnlyList<string> absentElements
    )
    {
        List<Range> entries;
        Range? entryMember;
        try
        {
            (entries, entryMember) = FindEntries(body);
        }
        catch (JsonException exception)
        {
            (resource, error, absentElements) = (
                null,
                $"invalid JSON at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}",
                []
            );
            return false;
        }

        if (entryMember is not { } member || entries.Count == 0)
        {
            return FhirJson.TryParse(body, out resource, out error, out absentElements);
        }

        if (!FhirJson.TryParse(WithoutMember(body, member), out resource, out error, out var shellAbsent))
        {
            absentElements = [];
            return false;
        }

        var bundle = (Bundle)resource;
        var absent = new List<string>(shellAbsent);
        for (var index = 0; index < entries.Count; index++)
        {
            token.ThrowIfCancellationRequested();
            if (!FhirJson.TryParse(Wrapped(body[entries[index]]), out var wrapper, out error, out var entryAbsent))
            {
                // The wrapper holds the entry as entry[0]: name it by its place in the page.
                error = error.Replace("Bundle.entry[0]", $"Bundle.entry[{index}]", StringComparison.Ordinal);
                (resource, absentElements) = (null, []);
                return false;
            }

            bundle.Entry.AddRange(((Bundle)wrapper).Entry);
            absent.AddRange(entryAbsent);
        }

        absentElements = absent.Distinct(StringComparer.Ordinal).Take(20).ToList();
        return true;
    }

    /// <summary>
    /// The byte ranges of the entries of a top-level Bundle's <c>entry</c> array and of that member as a whole, or no
    /// member when the body is no Bundle with an entry array (then it is parsed whole, like any resource).
    /// </summary>
    private static (List<Range> Entries, Range? Member) FindEntries(ReadOnlySpan<byte> body)
    {
        var entries = new List<Range>();
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return (entries, null);

        Range? member = null;
        var isBundle = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            var isEntry = reader.ValueTextEquals("entry");
            var isResourceType = reader.ValueTextEquals("resourceType");
            reader.Read();
            if (isResourceType && reader.TokenType == JsonTokenType.String)
                isBundle = reader.ValueTextEquals("Bundle");
            if (!isEntry || reader.TokenType != JsonTokenType.StartArray || member is not null)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                entries.Add(start..(int)reader.BytesConsumed);
            }

            member = nameStart..(int)reader.BytesConsumed;
        }

        return (entries, isBundle ? member : null);
    }

    /// <summary>The object without one member, and the comma that separated it from its neighbour.</summary>
    private static byte[] WithoutMember(ReadOnlySpan<byte> body, Range member)
    {
        var before = body[..member.Start].TrimEnd(" \t\r\n"u8);
        var after = body[member.End..].TrimStart(" \t\r\n"u8);
        if (before[^1] == (byte)',')
            before = before[..^1];
        else if (after[0] == (byte)',')
            after = after[1..];
        return [.. before, .. after];
    }

    private static byte[] Wrapped(ReadOnlySpan<byte> entry) => [.. EntryWrapperStart, .. entry, .. EntryWrapperEnd];
}
