using System.Buffers;
using System.Text.Json;
using CryoCdsHooks.FhirAccess;
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
    // Duplicate names are refused: readers that take the first and readers that take the last would see different
    // requests.
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = 64,
        AllowDuplicateProperties = false,
    };

    public async Task<(JsonDocument? Document, IResult? Error)> ReadAsync(HttpContext http, CancellationToken ct)
    {
        if (!IsJsonMediaType(http.Request.ContentType))
        {
            return (
                null,
                OperationOutcomes.Error(
                    http,
                    StatusCodes.Status415UnsupportedMediaType,
                    "Unsupported media type",
                    "not-supported",
                    "Content-Type must be application/json in UTF-8 (RFC 8259 §8.1)."
                )
            );
        }

        var limit = options.Value.MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit)
            return (null, TooLarge(http, limit));

        // Kestrel enforces its own cap too, but TestServer and chunked bodies do not; count as we read.
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit)
                    return (null, TooLarge(http, limit));
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
            // Text that throws when read later, or that a database refuses (StorableText), is refused first, before
            // anything reads it: the parser's own duplicate-name check reads names, and a lone surrogate there throws.
            if (
                FhirJson.FirstInvalidText(json.Span, text => StorableText.IsStorable(text), DocumentOptions.MaxDepth) is
                { } position
            )
            {
                return (
                    null,
                    OperationOutcomes.Error(
                        http,
                        StatusCodes.Status400BadRequest,
                        "Malformed JSON",
                        "structure",
                        $"The request body has a string that is not storable text at byte {position}: invalid UTF-8, "
                            + $"or an escaped {StorableText.Refused}."
                    )
                );
            }

            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            return (
                null,
                OperationOutcomes.Error(
                    http,
                    StatusCodes.Status400BadRequest,
                    "Malformed JSON",
                    "structure",
                    $"The request body is not valid JSON: {e.Message}"
                )
            );
        }
        return (document, null);
    }

    private static bool IsJsonMediaType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed))
            return false;
        var mediaType = parsed.MediaType.Value ?? "";
        var charset = parsed.Charset.Value;
        return (
                mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            )
            && (
                charset is null
                || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
                || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            );
    }

    private static IResult TooLarge(HttpContext http, int limit) =>
        OperationOutcomes.Error(
            http,
            StatusCodes.Status413PayloadTooLarge,
            "Request too large",
            "too-costly",
            $"The request body exceeds the limit of {limit} bytes ({limit / (1024.0 * 1024.0):0.##} MiB, setting "
                + "CdsService:MaxRequestBodyBytes). "
                + "Send fewer prefetch resources, or let the service query the FHIR server (fhirServer and "
                + "fhirAuthorization)."
        );
}
