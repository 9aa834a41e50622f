namespace CryoCdsHooks.Web.Persistence;

/// <summary>
/// One hook call as the audit store sees it. <see cref="HookInstance"/> is in canonical UUID form (null when the
/// request has no valid one); <see cref="RequestHash"/> is the <see cref="RequestFingerprint"/> of the request (its
/// canonical JSON, no access token).
/// </summary>
public sealed record HookCall(
    string ServiceId,
    string ClientId,
    string? HookInstance,
    string? RequestJson,
    string? RequestHash
);
