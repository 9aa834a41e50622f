using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;
using Task = Hl7.Fhir.Model.Task;

namespace CryoCdsHooks.Web.Hooks.Kinds;

/// <summary>
/// The fulfilment Tasks of order-dispatch (<c>context.fulfillmentTasks</c>; CRD 2.0.1 / Inferno: <c>task</c>) read
/// as FHIR defines a Task: one counts for a dispatched order only when it is <c>for</c> the hook's patient, its
/// <c>focus</c> is that order, its status still leads to fulfilment, and it carries no modifierExtension this
/// service does not know. Its <c>location</c> and <c>owner</c> are clues to the setting; it is never answered on
/// itself (CRD's coverage-information extension has no Task context: it goes on the order, the Task's focus).
/// </summary>
internal static class FulfilmentTasks
{
    /// <summary>Statuses of a Task that will not be fulfilled (FHIR R4 task-status).</summary>
    private static readonly HashSet<Task.TaskStatus> NotFulfilled =
    [
        Task.TaskStatus.Cancelled,
        Task.TaskStatus.Rejected,
        Task.TaskStatus.Failed,
        Task.TaskStatus.EnteredInError,
    ];

    public static List<Task> For(string order, HookRequest request, HookResources resources)
    {
        var tasks = new List<Task>();
        foreach (var task in request.Content.Resources.Select(r => r.Resource).OfType<Task>())
        {
            if (ResourceReferences.Literal(task.Focus?.Reference) is not var (type, id) || $"{type}/{id}" != order)
                continue;
            var reference = $"Task/{task.Id}";
            if (!resources.IsPatient(task.For, request.PatientId))
                resources.Notes.Add($"{reference} is not for this patient: set aside.");
            else if (task.Status is { } status && NotFulfilled.Contains(status))
                resources.Notes.Add($"{reference} is {task.StatusElement.JsonValue}: set aside.");
            else if (RecordScope.UnknownModifier(task) is { } modifier)
                resources.Notes.Add(
                    $"{reference} carries a modifierExtension this service does not know ({modifier}): set aside."
                );
            else
                tasks.Add(task);
        }
        return tasks;
    }

    /// <summary>The Task's location and owner as place clues, each naming the Task it was read from.</summary>
    public static IEnumerable<SettingClue> Clues(Task task, HookResources resources) =>
        PlaceClues
            .Of(resources.Resolve<Resource>(task.Location, task), resources)
            .Select(c => c with { Source = $"Task/{task.Id} location {c.Source}" })
            .Concat(
                PlaceClues
                    .Of(resources.Resolve<Resource>(task.Owner, task), resources)
                    .Select(c => c with { Source = $"Task/{task.Id} owner {c.Source}" })
            );
}
