using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>
/// What tells a retry from another call reusing its hookInstance (docs/decisions/0004-hookinstance-rule.md): the
/// SHA-256 of the request's canonical JSON. Re-serialising a request (indentation, member order, how a string is
/// escaped, the case of the hookInstance) leaves it the same call; any changed value makes it another. Canonical:
/// members sorted by name in UTF-16 code-unit order (as RFC 8785), no whitespace, strings decoded and escaped one
/// way, numbers exactly as written (FHIR decimals keep their precision: 3.0 is not 3), the hookInstance in
/// canonical UUID form, and no fhirAuthorization (the token is transient and never stored).
/// </summary>
internal static class RequestFingerprint
{
    private const string TokenMember = "fhirAuthorization";
    private const string HookInstanceMember = "hookInstance";
    private const int HashEvery = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="root">The request, a JSON object.</param>
    /// <param name="hookInstance">The request's hookInstance in canonical form, or null when it has no valid
    /// one.</param>
    public static string Of(JsonElement root, string? hookInstance)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new ArrayBufferWriter<byte>(HashEvery);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var member in Sorted(root).Where(m => m.Name != TokenMember))
            {
                writer.WritePropertyName(member.Name);
                if (member.Name == HookInstanceMember && hookInstance is not null)
                    writer.WriteStringValue(hookInstance);
                else
                    Write(writer, member.Value, hash, buffer);
            }
            writer.WriteEndObject();
            Drain(writer, hash, buffer);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Write(
        Utf8JsonWriter writer,
        JsonElement value,
        IncrementalHash hash,
        ArrayBufferWriter<byte> buffer
    )
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in Sorted(value))
                {
                    writer.WritePropertyName(member.Name);
                    Write(writer, member.Value, hash, buffer);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                    Write(writer, item, hash, buffer);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(value.GetString());
                break;
            default:
                // Numbers as written; true, false and null have one spelling.
                writer.WriteRawValue(value.GetRawText(), skipInputValidation: true);
                break;
        }
        // Hash as we go: a request of several MiB is never copied whole once more.
        if (writer.BytesPending + buffer.WrittenCount >= HashEvery)
            Drain(writer, hash, buffer);
    }

    private static void Drain(Utf8JsonWriter writer, IncrementalHash hash, ArrayBufferWriter<byte> buffer)
    {
        writer.Flush();
        hash.AppendData(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
    }

    // Duplicate member names never get here: the request body reader refuses them.
    private static IEnumerable<JsonProperty> Sorted(JsonElement value) =>
        value.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal);
}
