namespace CryoCdsHooks.PolicyEngine;

/// <summary>Where an order's date of service was read from.</summary>
public enum ServiceDateSource
{
    OccurrenceDateTime,
    OccurrencePeriodStart,
    AuthoredOn,
    EvaluationDate,

    /// <summary>The scheduled start of the booked procedure (<see cref="PlannedService"/>).</summary>
    Scheduled,
}
