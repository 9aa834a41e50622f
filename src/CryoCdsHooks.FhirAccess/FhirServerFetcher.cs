using System.Net;
using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CryoCdsHooks.FhirAccess;

/// <summary>Fetches the data of one prefetch key from the EHR's FHIR server, following search pages.</summary>
internal sealed class FhirServerFetcher(
    IHttpClientFactory httpClientFactory,
    IOptionsMonitor<FhirAccessOptions> options,
    ILogger<FhirServerFetcher> logger
)
{
    public const string HttpClientName = "CryoCdsHooks.FhirAccess.FhirServer";

    private static readonly (DataProblemKind Kind, string Message) OutsideFhirServer = (
        DataProblemKind.ServerNotAllowed,
        "The next page link points outside fhirServer, or would once decoded (encoded slash, dot segment, backslash, "
            + "control character or credentials); it was not followed and results are incomplete."
    );

    /// <summary>Lets the resilience pipeline's retry log name the key without seeing the URL.</summary>
    public static readonly HttpRequestOptionsKey<string> PrefetchKeyOption = new("CryoCdsHooks.FhirAccess.PrefetchKey");

    /// <param name="fhirServerBase">The allowed fhirServer, ending in '/'. Pages outside it are not requested.</param>
    /// <param name="query">A query relative to <paramref name="fhirServerBase"/>, or an absolute page URL (a prefetch
    /// Bundle's next link).</param>
    /// <param name="fetched">The hook call's byte budget, shared by all its fetches.</param>
    /// <param name="fetchToken">Cancelled by the hook deadline or the caller.</param>
    /// <param name="callerToken">The caller's own token, to tell its cancellation (rethrown) from the deadline.</param>
    public async Task<KeyFetchOutcome> FetchAsync(
        PrefetchKeyDefinition definition,
        Uri fhirServerBase,
        string query,
        string accessToken,
        FetchedBytes fetched,
        CancellationToken fetchToken,
        CancellationToken callerToken
    )
    {
        var host = fhirServerBase.Authority;
        var pages = new List<SearchContent>();
        var client = httpClientFactory.CreateClient(HttpClientName);
        var maxPages = options.CurrentValue.MaxSearchPages;
        var maxPageBytes = options.CurrentValue.MaxPageBytes;
        FhirAccessLog.Fetching(logger, definition.Key, host);
        if (FhirServerAllowlist.ResolveUnder(fhirServerBase, fhirServerBase, query) is not { } firstPage)
        {
            // The token may only go to the fhirServer the client named (a prefetch next link may point anywhere).
            return Failed(definition, pages, OutsideFhirServer, host, null);
        }

        var pageUrl = firstPage;
        try
        {
            for (var page = 1; ; page++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, pageUrl);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
                request.Headers.Accept.ParseAdd("application/fhir+json");
                request.Options.Set(PrefetchKeyOption, definition.Key);

                // Headers only: the body is read below as it streams, capped, and on the deadline's token.
                using var response = await client
                    .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, fetchToken)
                    .ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    return Failed(
                        definition,
                        pages,
                        ProblemForStatus(response.StatusCode),
                        host,
                        (int)response.StatusCode
                    );
                }

                var (body, length) = await BoundedResponseBody
                    .ReadAsync(response.Content, maxPageBytes, fetched, fetchToken)
                    .ConfigureAwait(false);
                if (
                    !SearchPageParser.TryParse(
                        body.AsSpan(0, length),
                        fetchToken,
                        out var resource,
                        out var parseError,
                        out var absent
                    )
                )
                {
                    return Failed(
                        definition,
                        pages,
                        new(DataProblemKind.MalformedResponse, $"Response is not FHIR JSON: {parseError}."),
                        host,
                        (int)response.StatusCode
                    );
                }

                // A read must return the resource itself; a search should return a Bundle, but a lone resource of
                // the right type is accepted rather than discarded.
                if (
                    (definition.IsRead || resource is not (Bundle or OperationOutcome))
                    && !definition.ResourceType.IsInstanceOfType(resource)
                )
                {
                    return Failed(
                        definition,
                        pages,
                        new(
                            DataProblemKind.MalformedResponse,
                            $"Expected {definition.ResourceType.Name}, got {resource.TypeName}."
                        ),
                        host,
                        (int)response.StatusCode
                    );
                }

                // Servers may ignore filters such as code: keep everything of the key's type (the engine filters).
                var content = SearchContent.Read(resource, definition);
                pages.Add(
                    content with
                    {
                        Notes = [.. PatientRecordLoader.AbsentNotes(definition.Key, absent), .. content.Notes],
                    }
                );
                if (content.Failure is { } failure)
                {
                    return Failed(
                        definition,
                        pages,
                        new(DataProblemKind.SearchFailed, failure),
                        host,
                        (int)response.StatusCode
                    );
                }

                if (content.Next is not { } next)
                {
                    return new(definition.Key, Merge(pages), null);
                }

                // The hook deadline is the real bound on paging; the page cap only stops a server that loops.
                if (page >= maxPages)
                {
                    return Failed(
                        definition,
                        pages,
                        new(
                            DataProblemKind.PageLimitReached,
                            $"Stopped after {maxPages} pages; results are incomplete."
                        ),
                        host,
                        null
                    );
                }

                if (FhirServerAllowlist.ResolveUnder(fhirServerBase, pageUrl, next) is not { } nextUrl)
                {
                    // The token may only go to the fhirServer the client named.
                    return Failed(definition, pages, OutsideFhirServer, host, null);
                }

                pageUrl = nextUrl;
            }
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            return Failed(
                definition,
                pages,
                new(DataProblemKind.Timeout, "The hook deadline passed before the data was loaded."),
                host,
                null
            );
        }
        catch (ResponseTooLargeException exception)
        {
            return Failed(definition, pages, new(DataProblemKind.ResponseTooLarge, exception.Message), host, null);
        }
        catch (TimeoutRejectedException)
        {
            return Failed(
                definition,
                pages,
                new(DataProblemKind.Timeout, "The FHIR server did not answer within the attempt timeout."),
                host,
                null
            );
        }
        catch (BrokenCircuitException)
        {
            return Failed(
                definition,
                pages,
                new(DataProblemKind.Unreachable, "The FHIR server is failing; its circuit breaker is open."),
                host,
                null
            );
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException)
        {
            // Messages of these exceptions are not propagated: they may name the URL, which holds the patient id.
            return Failed(
                definition,
                pages,
                new(DataProblemKind.Unreachable, "The connection to the FHIR server failed."),
                host,
                null
            );
        }
    }

    private KeyFetchOutcome Failed(
        PrefetchKeyDefinition definition,
        List<SearchContent> pages,
        (DataProblemKind Kind, string Message) problem,
        string host,
        int? statusCode
    )
    {
        FhirAccessLog.FetchFailed(logger, definition.Key, host, problem.Kind, statusCode);
        return new(definition.Key, Merge(pages), new DataProblem(definition.Key, problem.Kind, problem.Message));
    }

    private static SearchContent Merge(List<SearchContent> pages)
    {
        var fullUrls = new Dictionary<string, Resource>(StringComparer.Ordinal);
        foreach (var (fullUrl, resource) in pages.SelectMany(p => p.FullUrls))
            fullUrls.TryAdd(fullUrl, resource);
        return new SearchContent(
            [.. pages.SelectMany(p => p.Resources)],
            [.. pages.SelectMany(p => p.Included)],
            fullUrls,
            null,
            null,
            [.. pages.SelectMany(p => p.Notes)]
        );
    }

    private static (DataProblemKind Kind, string Message) ProblemForStatus(HttpStatusCode status)
    {
        var code = (int)status;
        return code switch
        {
            401 or 403 => (DataProblemKind.Unauthorized, $"The FHIR server refused the access token (HTTP {code})."),
            404 => (DataProblemKind.NotFound, "The FHIR server has no such resource (HTTP 404)."),
            >= 300 and < 400 => (
                DataProblemKind.ServerError,
                $"The FHIR server answered with a redirect (HTTP {code}), which is not followed."
            ),
            408 or 429 or >= 500 => (DataProblemKind.ServerError, $"The FHIR server failed (HTTP {code})."),
            _ => (DataProblemKind.RequestRejected, $"The FHIR server rejected the request (HTTP {code})."),
        };
    }
}
