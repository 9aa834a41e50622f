using System.Globalization;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine;

/// <summary>
/// The one date every date rule of an order uses (coverage in force, the 90-day eGFR window, "on or before the
/// order"): the scheduled start of the booked procedure (<see cref="PlannedService"/>), else
/// <c>ServiceRequest.occurrence[x]</c>, else <c>authoredOn</c>, else the evaluation date.
/// </summary>
/// <param name="Element">
/// For <see cref="ServiceDateSource.Scheduled"/>: the element read, e.g. "Appointment.start".
/// </param>
public sealed record ServiceDate(DateOnly Date, ServiceDateSource Source, string? Element = null)
{
    /// <summary>The FHIR element the date came from, for card evidence.</summary>
    public string SourceLabel =>
        Source switch
        {
            ServiceDateSource.OccurrenceDateTime => "ServiceRequest.occurrenceDateTime",
            ServiceDateSource.OccurrencePeriodStart => "ServiceRequest.occurrencePeriod.start",
            ServiceDateSource.AuthoredOn => "ServiceRequest.authoredOn",
            ServiceDateSource.Scheduled => Element ?? "the scheduled start",
            _ => "evaluation date (the order has no occurrence or authoredOn)",
        };

    /// <summary>
    /// A timestamp counts by its own local date as written: "2026-11-20T20:15:00-05:00" is the 20th, never the
    /// 21st in UTC. A value with no day (year or year-month only) does not name a day and is skipped.
    /// </summary>
    public static ServiceDate Of(ServiceRequest order, DateOnly evaluationDate, PlannedService? planned = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        // The booking is when the procedure happens; the order's own date was only a wish.
        if (planned?.Start is { } start)
            return new(start, ServiceDateSource.Scheduled, planned.StartElement);
        return order.Occurrence switch
        {
            FhirDateTime dateTime when LocalDay(dateTime.Value) is { } day => new(
                day,
                ServiceDateSource.OccurrenceDateTime
            ),
            Period period when LocalDay(period.Start) is { } day => new(day, ServiceDateSource.OccurrencePeriodStart),
            _ => LocalDay(order.AuthoredOn) is { } authored
                ? new(authored, ServiceDateSource.AuthoredOn)
                : new(evaluationDate, ServiceDateSource.EvaluationDate),
        };
    }

    /// <summary>The calendar day a FHIR date or dateTime names as written (its first ten characters), if any.</summary>
    public static DateOnly? LocalDay(string? fhirDateTime) =>
        fhirDateTime is { Length: >= 10 }
        && DateOnly.TryParseExact(
            fhirDateTime.AsSpan(0, 10),
            "yyyy-MM-dd",
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out var day
        )
            ? day
            : null;
}
