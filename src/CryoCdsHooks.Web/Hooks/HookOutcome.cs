using CryoCdsHooks.Web.Hooks.Wire;
using CryoCdsHooks.Web.Hosting;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>What one call produced: a response body, or the issues behind an error status.</summary>
public sealed record HookOutcome(
    int Status,
    CdsResponse? Body,
    IReadOnlyList<RequestIssue> Issues,
    IReadOnlyList<CoverageAssertion> Assertions,
    CrdDataUse? DataUse = null,
    IReadOnlyList<string>? DataNotes = null
)
{
    public static HookOutcome Failure(int status, params IReadOnlyList<RequestIssue> issues) =>
        new(status, null, issues, []);

    public static HookOutcome DuplicateHookInstance() =>
        Failure(
            StatusCodes.Status409Conflict,
            new RequestIssue(
                "duplicate",
                "hookInstance",
                "This client already used this hookInstance for a different request; a retry must repeat the request "
                    + "exactly, a new invocation needs a new hookInstance."
            )
        );

    /// <summary>The body as sent and as audited: serialized once.</summary>
    public string ResponseJson { get; } =
        Body?.ToJsonString() ?? OperationOutcomes.ToOperationOutcome(Issues).ToJsonString();
}
