using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Hosting;

/// <summary>
/// Reads a JSON request body with the checks every endpoint shares: media type (415), size cap (413),
/// well-formed JSON of bounded depth (400). Returns either the document or the error response.
/// </summary>
public sealed class JsonRequestBody(IOptions<CdsServiceOptions> options)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    public async Task<(JsonDocument? Document, IResult? Error)> ReadAsync(HttpContext http, CancellationToken ct)
    {
        if (!IsJsonMediaType(http.Request.ContentType))
        {
            return (null, OperationOutcomes.Error(http, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "not-supported", "Content-Type must be application/json."));
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

        if (HasLoneSurrogate(json.Span))
        {
            document.Dispose();
            return (null, OperationOutcomes.Error(http, StatusCodes.Status400BadRequest, "Malformed JSON", "structure",
                "The request body escapes a lone UTF-16 surrogate (such as \\ud800), which is not text."));
        }
        return (document, null);
    }

    /// <summary>
    /// The parser accepts an escaped lone surrogate ("\ud800"), but reading that string later throws, in our
    /// readers and inside the FHIR parser alike. One check here keeps that from becoming a 500 anywhere.
    /// </summary>
    private static bool HasLoneSurrogate(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped) continue;
            try
            {
                reader.GetString();
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsJsonMediaType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    private static IResult TooLarge(HttpContext http, int limit) =>
        OperationOutcomes.Error(http, StatusCodes.Status413PayloadTooLarge, "Request too large", "too-costly",
            $"The request body exceeds the limit of {limit} bytes ({limit / (1024.0 * 1024.0):0.##} MiB, setting CdsService:MaxRequestBodyBytes). " +
            "Send fewer prefetch resources, or let the service query the FHIR server (fhirServer and fhirAuthorization).");
}
