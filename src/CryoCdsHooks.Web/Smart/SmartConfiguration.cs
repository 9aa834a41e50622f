namespace CryoCdsHooks.Web.Smart;

/// <summary>The parts of <c>{iss}/.well-known/smart-configuration</c> the app uses.</summary>
internal sealed record SmartConfiguration(Uri AuthorizationEndpoint, Uri TokenEndpoint);
