namespace CryoCdsHooks.Web.Hooks;

/// <summary>Where card links point: the policy document, our SMART app and, when configured, a DTR app.</summary>
public sealed record CardLinks(string PolicyUrl, string SmartLaunchUrl, string? DtrLaunchUrl = null);
