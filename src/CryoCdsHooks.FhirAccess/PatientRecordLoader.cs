using System.Runtime.InteropServices;
using System.Text.Json;
using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.FhirAccess;

internal sealed class PatientRecordLoader(
    PrefetchTemplateCatalog catalog,
    FhirServerFetcher fetcher,
    FhirServerAllowlist allowlist,
    ReferenceReads referenceReads,
    IOptionsMonitor<FhirAccessOptions> options,
    FhirAccessMetrics metrics
) : IPatientRecordLoader
{
    public async Task<PatientRecordLoadResult> LoadAsync(HookDataRequest request, HookDeadline deadline)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(deadline);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.PatientId);

        var loaded = new Dictionary<string, IReadOnlyList<Resource>>(StringComparer.Ordinal);
        var included = new List<Resource>();
        var fullUrls = new Dictionary<string, Resource>(StringComparer.Ordinal);
        var notes = new List<string>();
        var absent = new List<PrefetchKeyDefinition>();
        var reportedFailed = new List<PrefetchKeyDefinition>();
        var continued = new List<(PrefetchKeyDefinition Definition, string Next)>();
        // A hook's own keys are read by the same rule as the record's: prefetched, fetched when absent or sent as
        // an OperationOutcome; a key with no query (its context names nothing fetchable) is read from prefetch only.
        var hookKeys = request
            .HookKeys.Select(k => new PrefetchKeyDefinition(
                k.Key,
                k.Query ?? "",
                k.ResourceType,
                k.IsRead,
                NeededByPolicy: false
            ))
            .ToList();
        var hookIncluded = new Dictionary<string, IReadOnlyList<Resource>>(StringComparer.Ordinal);
        foreach (var definition in (IEnumerable<PrefetchKeyDefinition>)[.. catalog.Definitions, .. hookKeys])
        {
            var content = ReadPrefetch(definition, request.Prefetch, catalog.ReadObservationCodes, deadline.Token);
            if (content.Notes is { } prefetchNotes)
                notes.AddRange(prefetchNotes);
            if (content.Resources is not null)
            {
                loaded[definition.Key] = content.Resources.Resources;
                Collect(content.Resources, included, fullUrls);
                hookIncluded[definition.Key] = content.Resources.Included;
                if (content.Resources.Next is { } next)
                    continued.Add((definition, next));
            }
            else if (definition.Key == PrefetchTemplateCatalog.EncounterKey && request.EncounterId is null)
            {
                // Without context.encounterId there is nothing to query; a prefetched Encounter is still used above.
            }
            else if (definition.Template.Length == 0)
            {
                // A hook key with nothing to fetch: absent, it is simply not there; an OperationOutcome is noted.
                if (content.ClientReportedError)
                    notes.Add($"{definition.Key}: the CDS client sent an OperationOutcome and it cannot be fetched.");
            }
            else if (content.ClientReportedError)
            {
                reportedFailed.Add(definition);
            }
            else
            {
                absent.Add(definition);
            }
        }

        var problems = new List<DataProblem>();
        var queried = new List<string>();
        // One byte budget for all of this call's fetches, so many keys and pages together stay bounded too.
        var fetched = new FetchedBytes(options.CurrentValue.MaxFetchedBytesPerHook);
        if (absent.Count > 0 || reportedFailed.Count > 0)
        {
            if (request.FhirServer is null || string.IsNullOrEmpty(request.AccessToken))
            {
                var required = absent.Where(definition => definition.NeededByPolicy).ToList();
                if (required.Count > 0)
                {
                    throw new PrefetchUnavailableException(required.Select(definition => definition.Key).ToList());
                }

                // Prefetch was provided, so CRD (found-32) forbids 412: carry on and say what is missing.
                problems.AddRange(
                    reportedFailed.Select(definition => new DataProblem(
                        definition.Key,
                        DataProblemKind.PrefetchOperationOutcome,
                        "The CDS client sent an OperationOutcome for this key and granted no FHIR server access."
                    ))
                );
            }
            else
            {
                if (!allowlist.IsAllowed(request.FhirServer, request.ClientId))
                {
                    throw new FhirServerNotAllowedException(request.FhirServer);
                }

                var outcomes = await FetchInParallelAsync(
                        [.. absent, .. reportedFailed],
                        request,
                        request.FhirServer,
                        request.AccessToken,
                        deadline,
                        fetched
                    )
                    .ConfigureAwait(false);
                foreach (var outcome in outcomes)
                {
                    queried.Add(outcome.PrefetchKey);
                    loaded[outcome.PrefetchKey] = outcome.Content.Resources;
                    hookIncluded[outcome.PrefetchKey] = outcome.Content.Included;
                    Collect(outcome.Content, included, fullUrls);
                    notes.AddRange(outcome.Content.Notes);
                    if (outcome.Problem is not null)
                    {
                        problems.Add(outcome.Problem);
                    }
                }
            }
        }

        if (continued.Count > 0)
        {
            await ContinuePrefetchAsync(
                    continued,
                    request,
                    deadline,
                    fetched,
                    loaded,
                    included,
                    fullUrls,
                    notes,
                    problems,
                    queried
                )
                .ConfigureAwait(false);
        }

        var record = BuildRecord(request.PatientId, loaded, included, fullUrls);
        var payors = await referenceReads
            .ReadAsync(PayorKey, "payor Organization", UnreadPayors(record), request, deadline, fetched, notes, queried)
            .ConfigureAwait(false);
        if (payors.Count > 0)
            record = record with { Included = [.. record.Included, .. payors] };

        var hookResources = hookKeys
            .Where(k => loaded.ContainsKey(k.Key))
            .ToDictionary(
                k => k.Key,
                k => (IReadOnlyList<Resource>)[.. loaded[k.Key], .. hookIncluded.GetValueOrDefault(k.Key, [])],
                StringComparer.Ordinal
            );
        await FollowAsync(request, record, hookResources, deadline, fetched, notes, queried).ConfigureAwait(false);
        return new PatientRecordLoadResult(record, problems, queried) { Notes = notes, HookKeys = hookResources };
    }

    /// <summary>How many references a hook's keys name that are read in one call (<see cref="HookKeyQuery.Follow"/>).
    /// </summary>
    private const int MaxFollowReads = 6;

    /// <summary>
    /// The references a hook follows from its keys' resources (a PractitionerRole's locations and organization, an
    /// Appointment's orders) that nothing loaded resolves are read, a few per call; what is read joins the key.
    /// </summary>
    private async Task FollowAsync(
        HookDataRequest request,
        PatientRecord record,
        Dictionary<string, IReadOnlyList<Resource>> hookResources,
        HookDeadline deadline,
        FetchedBytes fetched,
        List<string> notes,
        List<string> queried
    )
    {
        var index = (
            record with
            {
                Included = [.. record.Included, .. hookResources.Values.SelectMany(r => r)],
            }
        ).References;
        var budget = MaxFollowReads;
        foreach (var query in request.HookKeys.Where(k => k.Follow is not null && hookResources.ContainsKey(k.Key)))
        {
            var unresolved = hookResources[query.Key]
                .SelectMany(resource =>
                    query
                        .Follow!(resource)
                        .OfType<ResourceReference>()
                        .Where(r => index.Resolve(r.Reference, resource as DomainResource) is null)
                )
                .Select(r => r.Reference)
                .Where(r => ResourceReferences.Literal(r) is not null)
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .Take(budget)
                .ToList();
            budget -= unresolved.Count;
            var read = await referenceReads
                .ReadAsync(query.Key, "referenced resource", unresolved, request, deadline, fetched, notes, queried)
                .ConfigureAwait(false);
            if (read.Count > 0)
                hookResources[query.Key] = [.. hookResources[query.Key], .. read];
        }
    }

    /// <summary>
    /// A Coverage's payor given only as <c>Organization/id</c> is read before deciding whose Coverage it is; a few per
    /// call.
    /// </summary>
    private const int MaxPayorReads = 4;

    private const string PayorKey = "payor";

    /// <summary>
    /// Payor references with nothing but a reference (no display, no identifier) that the record cannot resolve
    /// (not contained, included or in a Bundle): their Organization is the only way to know the payer.
    /// </summary>
    private static List<string> UnreadPayors(PatientRecord record)
    {
        var references = record.References;
        return record
            .Coverages.SelectMany(coverage =>
                coverage
                    .Payor.Where(p =>
                        p.Display is null && p.Identifier is null && references.Resolve(p.Reference, coverage) is null
                    )
                    .Select(p => p.Reference)
            )
            .OfType<string>()
            .Where(reference => ResourceReferences.Literal(reference) is { Type: "Organization" })
            .Distinct(StringComparer.Ordinal)
            .Take(MaxPayorReads)
            .ToList();
    }

    /// <summary>
    /// A prefetched search Bundle with a <c>next</c> link is the first page only: the remaining pages are read from
    /// the FHIR server like the service's own searches, when the client granted access to an allowed server. Without
    /// that access the pages sent are all there is, and a note says so (docs/fhir-data-access.md).
    /// </summary>
    private async Task ContinuePrefetchAsync(
        IReadOnlyList<(PrefetchKeyDefinition Definition, string Next)> continued,
        HookDataRequest request,
        HookDeadline deadline,
        FetchedBytes fetched,
        Dictionary<string, IReadOnlyList<Resource>> loaded,
        List<Resource> included,
        Dictionary<string, Resource> fullUrls,
        List<string> notes,
        List<DataProblem> problems,
        List<string> queried
    )
    {
        if (
            request.FhirServer is null
            || string.IsNullOrEmpty(request.AccessToken)
            || !allowlist.IsAllowed(request.FhirServer, request.ClientId)
        )
        {
            notes.AddRange(
                continued.Select(c =>
                    $"{c.Definition.Key}: the prefetch Bundle has a next page, not read (no access to an allowed "
                    + "FHIR server); only the pages sent were used."
                )
            );
            return;
        }

        var fhirServerBase = FhirServerAllowlist.AsBase(request.FhirServer);
        var outcomes = await Task.WhenAll(
                continued.Select(c =>
                    fetcher.FetchAsync(
                        c.Definition,
                        fhirServerBase,
                        c.Next,
                        request.AccessToken,
                        fetched,
                        deadline.Token,
                        deadline.CallerToken
                    )
                )
            )
            .ConfigureAwait(false);
        foreach (var outcome in outcomes)
        {
            metrics.QueryCompleted(outcome);
            queried.Add(outcome.PrefetchKey);
            loaded[outcome.PrefetchKey] = [.. loaded[outcome.PrefetchKey], .. outcome.Content.Resources];
            Collect(outcome.Content, included, fullUrls);
            notes.AddRange(outcome.Content.Notes);
            if (outcome.Problem is not null)
                problems.Add(outcome.Problem);
        }
    }

    private static void Collect(SearchContent content, List<Resource> included, Dictionary<string, Resource> fullUrls)
    {
        included.AddRange(content.Included);
        foreach (var (fullUrl, resource) in content.FullUrls)
            fullUrls.TryAdd(fullUrl, resource);
    }

    private async Task<KeyFetchOutcome[]> FetchInParallelAsync(
        IReadOnlyList<PrefetchKeyDefinition> definitions,
        HookDataRequest request,
        Uri fhirServer,
        string accessToken,
        HookDeadline deadline,
        FetchedBytes fetched
    )
    {
        // What is not loaded when the hook's deadline passes is reported, not awaited.
        var fhirServerBase = FhirServerAllowlist.AsBase(fhirServer);
        var fetches = definitions.Select(definition =>
            fetcher.FetchAsync(
                definition,
                fhirServerBase,
                PrefetchTemplateCatalog.ResolveQuery(
                    definition,
                    request.PatientId,
                    request.EncounterId,
                    options.CurrentValue.SearchPageSize
                ),
                accessToken,
                fetched,
                deadline.Token,
                deadline.CallerToken
            )
        );
        var outcomes = await Task.WhenAll(fetches).ConfigureAwait(false);
        foreach (var outcome in outcomes)
            metrics.QueryCompleted(outcome);
        return outcomes;
    }

    /// <summary>
    /// Reads one key from prefetch. Resources is null when the key must be fetched: it is absent, or the client
    /// reported an error for it with an OperationOutcome (CDS Hooks: services SHOULD check for these), by the same
    /// rule as a fetched search (<see cref="SearchContent.Read"/>). Each key parsed is a cancellation point: a
    /// large prefetch stops between keys once the deadline passes.
    /// </summary>
    private static (SearchContent? Resources, bool ClientReportedError, IReadOnlyList<string>? Notes) ReadPrefetch(
        PrefetchKeyDefinition definition,
        IReadOnlyDictionary<string, JsonElement>? prefetch,
        IReadOnlySet<string> readObservationCodes,
        CancellationToken cancellationToken
    )
    {
        if (
            prefetch is null
            || !prefetch.TryGetValue(definition.Key, out var value)
            || value.ValueKind == JsonValueKind.Undefined
        )
        {
            return (null, false, null);
        }

        cancellationToken.ThrowIfCancellationRequested();

        if (value.ValueKind == JsonValueKind.Null)
        {
            return (SearchContent.Read(new Bundle { Type = Bundle.BundleType.Searchset }, definition), false, null);
        }

        var reduced =
            definition.Key == PrefetchTemplateCatalog.ObservationsKey
                ? ObservationFilter.WithoutUnreadObservations(value, readObservationCodes)
                : null;
        if (
            !FhirJson.TryParse(
                reduced ?? JsonMarshal.GetRawUtf8Value(value),
                out var resource,
                out var error,
                out var absent
            )
        )
        {
            throw new InvalidPrefetchException(definition.Key, error);
        }

        var content = SearchContent.Read(resource, definition);
        List<string> notes = [.. AbsentNotes(definition.Key, absent), .. content.Notes];
        if (content.Failure is not null)
        {
            return (null, true, notes);
        }

        // A read key's prefetched resource of another type carries nothing for the key.
        return (content with { Notes = [] }, false, notes);
    }

    /// <summary>The note for members sent empty or null and read as absent (paths only: values may be PHI).</summary>
    internal static IEnumerable<string> AbsentNotes(string key, IReadOnlyList<string> absent) =>
        absent.Count == 0 ? [] : [$"{key}: empty or null members read as absent: {string.Join(", ", absent)}."];

    private static PatientRecord BuildRecord(
        string patientId,
        Dictionary<string, IReadOnlyList<Resource>> loaded,
        List<Resource> included,
        Dictionary<string, Resource> fullUrls
    )
    {
        IReadOnlyList<T> All<T>(string key)
            where T : Resource => loaded.TryGetValue(key, out var resources) ? resources.OfType<T>().ToList() : [];

        return new PatientRecord
        {
            PatientId = patientId,
            Patient = All<Patient>(PrefetchTemplateCatalog.PatientKey).FirstOrDefault(),
            Encounter = All<Encounter>(PrefetchTemplateCatalog.EncounterKey).FirstOrDefault(),
            Coverages = All<Coverage>(PrefetchTemplateCatalog.CoverageKey),
            Conditions = All<Condition>(PrefetchTemplateCatalog.ConditionsKey),
            Observations = All<Observation>(PrefetchTemplateCatalog.ObservationsKey),
            Procedures = All<Procedure>(PrefetchTemplateCatalog.ProceduresKey),
            DiagnosticReports = All<DiagnosticReport>(PrefetchTemplateCatalog.DiagnosticReportsKey),
            QuestionnaireResponses = All<QuestionnaireResponse>(PrefetchTemplateCatalog.QuestionnaireResponsesKey),
            Included = included,
            FullUrls = fullUrls,
        };
    }
}
