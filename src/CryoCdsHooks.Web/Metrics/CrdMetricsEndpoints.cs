using System.Globalization;
using System.Text.Json;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Metrics;

/// <summary>
/// Export of CRD metric data (Da Vinci CRD metrics page, CRDMetricData): one record per hook call in a date range,
/// as NDJSON, or as one JSON document with the IG's suggested metrics (incl. the share answered in under 5 s).
/// </summary>
public static class CrdMetricsEndpoints
{
    public const string NdjsonContentType = "application/x-ndjson";
    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    public static IServiceCollection AddCrdMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CrdMetricsOptions>().Bind(configuration.GetSection(CrdMetricsOptions.Section));
        return services;
    }

    /// <summary>Map on the CDS-client group: callers authenticate like EHRs and must also be metric readers.</summary>
    public static IEndpointRouteBuilder MapCrdMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/crd-metrics", HandleAsync)
            .WithName("CrdMetrics")
            .WithSummary("CRD metric data (CRDMetricData) of the hook calls received in [from, to), as JSON or NDJSON")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status200OK, contentType: NdjsonContentType)
            .Produces(StatusCodes.Status400BadRequest, contentType: OperationOutcomes.FhirJson)
            .Produces(StatusCodes.Status403Forbidden, contentType: OperationOutcomes.FhirJson)
            .WithTags("CRD metrics");
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http,
        string? from,
        string? to,
        string? format,
        AuditDbContext db,
        IOptions<CrdMetricsOptions> metricsOptions,
        IOptionsMonitor<CdsClientOptions> clients,
        TimeProvider time,
        CancellationToken ct
    )
    {
        var options = metricsOptions.Value;
        if (clients.CurrentValue.RequireAuthentication && !options.ReaderClients.Contains(http.User.CdsClientId()))
        {
            return OperationOutcomes.Error(
                http,
                StatusCodes.Status403Forbidden,
                "Not a metrics reader",
                "forbidden",
                "This CDS client may call hooks but is not listed in CrdMetrics:ReaderClients."
            );
        }

        var now = time.GetUtcNow();
        if (!TryInstant(to, now, out var until))
            return BadParameter(http, "to");
        if (!TryInstant(from, DaysBefore(until, DefaultRangeDays), out var since))
            return BadParameter(http, "from");
        if (since >= until)
            return OperationOutcomes.Error(
                http,
                StatusCodes.Status400BadRequest,
                "Invalid range",
                "invalid",
                "from must be before to.",
                "from"
            );
        var ndjson = format switch
        {
            "ndjson" => true,
            null or "json" => false,
            _ => (bool?)null,
        };
        if (ndjson is null)
            return OperationOutcomes.Error(
                http,
                StatusCodes.Status400BadRequest,
                "Invalid format",
                "invalid",
                "format must be 'json' or 'ndjson'.",
                "format"
            );

        var payerId = new MetricIdentifier(options.PayerIdSystem, options.PayerIdValue);
        // Feedback comes after the call it is about; the latest outcome per card wins, by instant (then arrival).
        var feedback = (await db.CardFeedback.AsNoTracking().Where(f => f.ReceivedAt >= since).ToListAsync(ct))
            .GroupBy(f => f.CardUuid)
            .ToDictionary(g => g.Key, g => g.MaxBy(f => (IsoInstant.Of(f.OutcomeTimestamp), f.ReceivedAt, f.Id))!);
        var calls = db
            .HookInvocations.AsNoTracking()
            .Where(i => i.ReceivedAt >= since && i.ReceivedAt < until)
            .OrderBy(i => i.ReceivedAt)
            .ThenBy(i => i.Id)
            .AsAsyncEnumerable();

        if (ndjson.Value)
        {
            return Results.Stream(
                async body =>
                {
                    await foreach (var call in calls.WithCancellation(ct))
                    {
                        await JsonSerializer.SerializeAsync(
                            body,
                            CrdMetricRecords.Build(call, feedback, payerId),
                            CrdMetricJson.Options,
                            ct
                        );
                        await body.WriteAsync(NewLine, ct);
                    }
                },
                NdjsonContentType
            );
        }

        var records = new List<CrdMetricData>();
        await foreach (var call in calls.WithCancellation(ct))
            records.Add(CrdMetricRecords.Build(call, feedback, payerId));
        return Results.Json(
            new
            {
                logicalModel = CrdMetricData.LogicalModel,
                from = since.ToString("O", CultureInfo.InvariantCulture),
                to = until.ToString("O", CultureInfo.InvariantCulture),
                summary = CrdMetricSummary.Of(records),
                records,
            },
            CrdMetricJson.Options
        );
    }

    /// <summary>The range when <c>from</c> is absent: the 30 days before <c>to</c>.</summary>
    private const int DefaultRangeDays = 30;

    /// <summary>Date arithmetic that cannot leave the calendar: near its start the range begins at its start.</summary>
    private static DateTimeOffset DaysBefore(DateTimeOffset instant, int days) =>
        instant.UtcTicks - DateTimeOffset.MinValue.UtcTicks > TimeSpan.FromDays(days).Ticks
            ? instant.ToUniversalTime().AddDays(-days)
            : DateTimeOffset.MinValue;

    /// <summary>
    /// An ISO 8601 date (midnight UTC) or date-time (no offset means UTC); absent means the fallback.
    /// </summary>
    private static bool TryInstant(string? text, DateTimeOffset fallback, out DateTimeOffset value)
    {
        if (text is null)
        {
            value = fallback;
            return true;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            value = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }
        return IsoInstant.TryRead(text, out value);
    }

    private static IResult BadParameter(HttpContext http, string name) =>
        OperationOutcomes.Error(
            http,
            StatusCodes.Status400BadRequest,
            "Invalid date",
            "invalid",
            $"{name} must be an ISO 8601 date (2026-12-01) or date-time with offset.",
            name
        );
}
