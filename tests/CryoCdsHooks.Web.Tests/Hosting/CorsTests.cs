using System.Net;

namespace CryoCdsHooks.Web.Tests;

public sealed class CorsTests
{
    [Theory]
    [InlineData("https://sandbox.example.org", true)]
    [InlineData("https://evil.example.org", false)]
    public async Task Preflight_is_allowed_only_for_configured_origins(string origin, bool allowed)
    {
        await using var factory = new CdsServiceFactory().With(
            "CdsService:CorsAllowedOrigins:0",
            "https://sandbox.example.org"
        );
        var preflight = new HttpRequestMessage(HttpMethod.Options, HookClient.OrderSign);
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        var response = await factory.CreateClient().SendAsync(preflight);

        Assert.Equal(
            allowed,
            response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Contains(origin)
        );
        if (allowed)
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
