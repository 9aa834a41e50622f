using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace CryoCdsHooks.Web.Security;

internal sealed class CdsClientRequirementHandler(IOptionsMonitor<CdsClientOptions> clients)
    : AuthorizationHandler<CdsClientRequirement>
{
    protected override Task HandleRequirementAsync(
        AuthorizationHandlerContext context,
        CdsClientRequirement requirement
    )
    {
        if (!clients.CurrentValue.RequireAuthentication || context.User.CdsClientId() is not null)
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
