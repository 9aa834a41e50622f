using System.Text.Json;
using System.Text.Json.Serialization;

namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>
/// A hook's context: who, for which patient and encounter, and what the hook is about: the draft orders (a FHIR
/// Bundle), the booked Appointments (a Bundle), or the dispatched orders with their performer and Tasks.
/// </summary>
public sealed record CdsHookContext
{
    public string? UserId { get; init; }
    public required string PatientId { get; init; }
    public string? EncounterId { get; init; }

    /// <summary>order-select: the "Type/id" of each selected draft order.</summary>
    public IReadOnlyList<string>? Selections { get; init; }
    public JsonElement? DraftOrders { get; init; }

    /// <summary>appointment-book: the booked Appointments (a FHIR Bundle).</summary>
    public JsonElement? Appointments { get; init; }

    /// <summary>order-dispatch: the "Type/id" of each dispatched order.</summary>
    public IReadOnlyList<string>? DispatchedOrders { get; init; }

    /// <summary>order-dispatch: who the orders are dispatched to ("Type/id").</summary>
    public string? Performer { get; init; }

    /// <summary>order-dispatch: the Tasks that fulfil the dispatched orders.</summary>
    public JsonElement? FulfillmentTasks { get; init; }
}
