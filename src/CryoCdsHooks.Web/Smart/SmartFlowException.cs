namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// Why a launch or callback could not go on; <see cref="Message"/> is safe to show and log (no PHI, no secrets).
/// </summary>
internal sealed class SmartFlowException(string message, int statusCode) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
