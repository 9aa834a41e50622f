namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// An answer to a confirmation question of our forms (<c>confirmed-diagnosis</c>, <c>confirm-metastasis</c>,
/// <c>confirm-finding</c>): true = the unconfirmed findings it asks about are confirmed, false = they are not.
/// </summary>
internal sealed record ConfirmationAnswer(string Code, bool Confirmed, Evidence Evidence);
