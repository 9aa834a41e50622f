namespace CryoCdsHooks.Web.Hooks;

internal static partial class HookLog
{
    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Hook {ServiceId} answered {Status} with {Assertions} coverage assertions in {ElapsedMs:F1} ms"
    )]
    public static partial void Answered(ILogger logger, string serviceId, int status, int assertions, double elapsedMs);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Hook {ServiceId} retried: the stored answer was sent again"
    )]
    public static partial void Replayed(ILogger logger, string serviceId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Hook {ServiceId}: the deadline of {DeadlineMs:F0} ms passed while {Stage}; the orders were "
            + "answered indeterminate"
    )]
    public static partial void DeadlinePassed(ILogger logger, string serviceId, string stage, double deadlineMs);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Hook {ServiceId}: earlier answers could not be read ({Error}); the cards say nothing of changes"
    )]
    public static partial void EarlierAnswersUnread(ILogger logger, string serviceId, string error);
}
