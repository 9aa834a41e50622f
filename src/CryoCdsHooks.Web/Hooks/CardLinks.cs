namespace CryoCdsHooks.Web.Hooks;

/// <summary>Where card links point: the policy document and our SMART app.</summary>
public sealed record CardLinks(string PolicyUrl, string SmartLaunchUrl);
