using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CryoCdsHooks.Web.Hosting;

/// <summary>
/// Reads a JSON request body with the checks every endpoint shares: media type (415), size cap (413),
/// well-formed JSON of bounded depth, valid UTF-8 whose every string is <see cref="StorableText"/>, and no duplicate
/// member names (400). Returns either the document or the error response.
/// </summary>
public sealed class JsonRequestBody(IOptions<CdsServiceOptions> options)
{
    // Duplicate names are refused: readers that take the first and readers that take the last would see different requests.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    public async Task<(JsonDocument? Document, IResult? Error)> ReadAsync(HttpContext http, CancellationToken ct)
    {
        if (!IsJsonMediaType(http.Request.ContentType))
        {
            return (null, OperationOutcomes.Error(http, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "not-supported", "Content-Type must be application/json in UTF-8 (RFC 8259 §8.1)."));
        }

        var limit = options.Value.MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit) return (null, TooLarge(http, limit));

        // Kestrel enforces its own cap too, but TestServer and chunked bodies do not; count as we read.
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit) return (null, TooLarge(http, limit));
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(http, limit));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        var json = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            return (null, OperationOutcomes.Error(http, StatusCodes.Status400BadRequest, "Malformed JSON", "structure",
                $"The request body is not valid JSON: {e.Message}"));
        }
        catch (InvalidOperationException)
        {
            // The duplicate-name check decodes member names: an escaped lone surrogate in one throws there. All
            // before it parsed, so the text check below finds that name.
            return (null, NotText(http, FirstInvalidText(json.Span) ?? 0));
        }

        if (FirstInvalidText(json.Span) is { } position)
        {
            document.Dispose();
            return (null, NotText(http, position));
        }
        return (document, null);
    }

    private static IResult NotText(HttpContext http, long position) =>
        OperationOutcomes.Error(http, StatusCodes.Status400BadRequest, "Malformed JSON", "structure",
            $"The request body has a string that is not storable text at byte {position}: invalid UTF-8, or an escaped {StorableText.Refused}.");

    /// <summary>
    /// The parser accepts invalid UTF-8 bytes and escaped lone surrogates ("\ud800") inside strings, but reading
    /// such a string later throws, in our readers and inside the FHIR parser alike; and an escaped NUL ("\u0000")
    /// reads fine but PostgreSQL refuses it. One check of every string and member name here, by
    /// <see cref="StorableText"/>, keeps that from becoming a 500 anywhere, on either database. Returns the byte
    /// offset of the first such string, or null.
    /// </summary>
    private static long? FirstInvalidText(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) continue;
            // Unescaped, valid UTF-8 holds neither NUL nor a surrogate (the parser refuses raw control characters).
            if (!reader.ValueIsEscaped)
            {
                if (!Utf8.IsValid(reader.ValueSpan)) return reader.TokenStartIndex;
                continue;
            }
            try
            {
                if (!StorableText.IsStorable(reader.GetString())) return reader.TokenStartIndex;
            }
            catch (InvalidOperationException)
            {
                return reader.TokenStartIndex;
            }
        }
        return null;
    }

    private static bool IsJsonMediaType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed)) return false;
        var mediaType = parsed.MediaType.Value ?? "";
        var charset = parsed.Charset.Value;
        return (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }

    private static IResult TooLarge(HttpContext http, int limit) =>
        OperationOutcomes.Error(http, StatusCodes.Status413PayloadTooLarge, "Request too large", "too-costly",
            $"The request body exceeds the limit of {limit} bytes ({limit / (1024.0 * 1024.0):0.##} MiB, setting CdsService:MaxRequestBodyBytes). " +
            "Send fewer prefetch resources, or let the service query the FHIR server (fhirServer and fhirAuthorization).");
}
