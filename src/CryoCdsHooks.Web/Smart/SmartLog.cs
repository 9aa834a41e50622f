namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// The SMART app's log lines: server authorities, status codes and outcomes only; never tokens, codes, ids or PHI.
/// </summary>
internal static partial class SmartLog
{
    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "SMART launch from {IssAuthority}: redirecting to the authorization server {AuthorizationAuthority}"
    )]
    public static partial void LaunchRedirect(ILogger logger, string issAuthority, string authorizationAuthority);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMART launch rejected: {Reason}")]
    public static partial void LaunchRejected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMART callback rejected: {Reason}")]
    public static partial void CallbackRejected(ILogger logger, string reason);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "SMART session started for {IssAuthority} (token valid {ExpiresIn} s)"
    )]
    public static partial void SessionStarted(ILogger logger, string issAuthority, int expiresIn);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "SMART access token refreshed at {TokenAuthority} (valid {ExpiresIn} s)"
    )]
    public static partial void TokenRefreshed(ILogger logger, string tokenAuthority, int expiresIn);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "SMART access token expired and cannot be refreshed ({Reason}): the user is asked to launch again"
    )]
    public static partial void TokenExpired(ILogger logger, string reason);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "SMART app: the order is not on the EHR's FHIR server yet; showing the draft sent with the "
            + "coverage card"
    )]
    public static partial void DraftOrderFromAssertion(ILogger logger);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "smart-configuration of {IssAuthority} could not be read (HTTP {StatusCode})"
    )]
    public static partial void DiscoveryFailed(ILogger logger, string issAuthority, int? statusCode);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Token request to {TokenAuthority} failed: HTTP {StatusCode}, {ErrorType} {Error}"
    )]
    public static partial void TokenRequestFailed(
        ILogger logger,
        string tokenAuthority,
        int statusCode,
        string errorType,
        string? error
    );

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "SMART app FHIR call '{Operation}' to {IssAuthority} failed (HTTP {StatusCode})"
    )]
    public static partial void FhirCallFailed(ILogger logger, string operation, string issAuthority, int? statusCode);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "SMART app wrote a QuestionnaireResponse to {Questionnaire} answering {LinkIds} to {IssAuthority}"
    )]
    public static partial void ResponseWritten(
        ILogger logger,
        string questionnaire,
        string linkIds,
        string issAuthority
    );
}
