using Microsoft.AspNetCore.Authorization;

namespace CryoCdsHooks.Web.Security;

/// <summary>A CDS endpoint needs an authenticated client, unless authentication is turned off.</summary>
internal sealed class CdsClientRequirement : IAuthorizationRequirement;
