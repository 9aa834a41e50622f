using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CryoCdsHooks.Web.Tests.Smart;

/// <summary>
/// Issue 23 points 1 and 2 on the SMART side: every answer the app reads from the EHR has a size cap and a deadline,
/// <c>/smart/launch</c> has a budget per source and per FHIR server, each server's smart-configuration is cached as
/// its headers allow, and a launch that is refused stores nothing.
/// </summary>
public sealed partial class SmartLaunchTests
{
    /// <summary>Well over every cap (64 KiB authorization answers, 1 MiB FHIR answers by default).</summary>
    private const int FiveMegabytes = 5 * 1024 * 1024;

    private string LaunchUrl(string launch = "xyz123") =>
        $"/smart/launch?iss={Uri.EscapeDataString(_ehr.Iss)}&launch={launch}";

    [Fact]
    public async Task Oversized_smart_configuration_is_a_502_and_starts_no_launch()
    {
        _ehr.SmartConfigurationPadding = FiveMegabytes;
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);

        var response = await client.GetAsync(LaunchUrl());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("sent more than this service accepts", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(0, await factory.QueryAuditAsync(db => db.SmartStates.CountAsync()));
    }

    [Fact]
    public async Task Smart_configuration_just_under_the_cap_is_read()
    {
        _ehr.SmartConfigurationPadding = 60 * 1024;
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(LaunchUrl())).StatusCode);
    }

    [Fact]
    public async Task Oversized_token_response_is_a_502_and_starts_no_session()
    {
        _ehr.TokenPadding = FiveMegabytes;
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);

        var response = await client.GetAsync(await AuthorizeAsync(client));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Sign-in failed", body);
        Assert.Contains("answer could not be read", body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/smart/app")).StatusCode);
    }

    [Fact]
    public async Task Token_endpoint_slower_than_the_deadline_is_a_502()
    {
        _ehr.TokenDelay = TimeSpan.FromSeconds(3);
        await using var factory = new CdsServiceFactory().With("Smart:HttpTimeout", "00:00:00.500");
        using var client = Client(factory);

        var response = await client.GetAsync(await AuthorizeAsync(client));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("did not answer in time", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Oversized_order_from_the_fhir_server_is_reported_not_read()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);
        await client.GetAsync(await AuthorizeAsync(client));
        _ehr.FhirReadPadding = FiveMegabytes;

        var response = await client.GetAsync("/smart/app");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Order not available", page);
        Assert.Contains("sent more than this service accepts", page);
    }

    [Fact]
    public async Task Launches_while_the_configuration_is_cached_read_it_once()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(LaunchUrl($"launch-{i}"))).StatusCode);

        Assert.Single(_ehr.Requests("GET", "/fhir/.well-known/smart-configuration"));
    }

    [Fact]
    public async Task Concurrent_launches_share_one_read_of_the_configuration()
    {
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);

        var launches = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => client.GetAsync(LaunchUrl($"launch-{i}")))
        );

        Assert.All(launches, l => Assert.Equal(HttpStatusCode.Redirect, l.StatusCode));
        Assert.Single(_ehr.Requests("GET", "/fhir/.well-known/smart-configuration"));
    }

    [Fact]
    public async Task No_store_configuration_is_read_at_every_launch()
    {
        _ehr.SmartConfigurationCacheControl = "no-store";
        await using var factory = new CdsServiceFactory();
        using var client = Client(factory);

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(LaunchUrl($"launch-{i}"))).StatusCode);

        Assert.Equal(3, _ehr.Requests("GET", "/fhir/.well-known/smart-configuration").Count());
    }

    [Fact]
    public async Task Max_age_of_the_configuration_ends_its_reuse()
    {
        _ehr.SmartConfigurationCacheControl = "public, max-age=60";
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new CdsServiceFactory();
        using var client = Client(WithTime(factory, time));

        await client.GetAsync(LaunchUrl("first"));
        time.Advance(TimeSpan.FromSeconds(59));
        await client.GetAsync(LaunchUrl("within-max-age"));
        Assert.Single(_ehr.Requests("GET", "/fhir/.well-known/smart-configuration"));

        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(LaunchUrl("after-max-age"))).StatusCode);
        Assert.Equal(2, _ehr.Requests("GET", "/fhir/.well-known/smart-configuration").Count());
    }

    [Fact]
    public async Task A_full_discovery_cache_keeps_what_it_holds_and_reads_new_servers_each_time()
    {
        using var otherEhr = new SmartEhr();
        await using var factory = new CdsServiceFactory().With("Smart:DiscoveryCacheMaxEntries", "1");
        using var client = Client(factory);
        var otherLaunch = $"/smart/launch?iss={Uri.EscapeDataString(otherEhr.Iss)}&launch=xyz";

        await client.GetAsync(LaunchUrl("first"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(otherLaunch)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(otherLaunch)).StatusCode);
        await client.GetAsync(LaunchUrl("second"));

        Assert.Single(_ehr.Requests("GET", "/fhir/.well-known/smart-configuration"));
        Assert.Equal(2, otherEhr.Requests("GET", "/fhir/.well-known/smart-configuration").Count());
    }

    [Fact]
    public async Task A_flood_of_launches_from_one_source_gets_429_while_other_sources_launch()
    {
        await using var factory = new CdsServiceFactory().With("Smart:LaunchesPerMinutePerSource", "3");
        _ = factory.Server;
        async Task<HttpContext> LaunchFrom(string address) =>
            await factory.Server.SendAsync(c =>
            {
                c.Request.Method = "GET";
                c.Request.Path = "/smart/launch";
                c.Request.QueryString = new QueryString($"?iss={Uri.EscapeDataString(_ehr.Iss)}&launch=xyz");
                c.Connection.RemoteIpAddress = IPAddress.Parse(address);
            });

        for (var i = 0; i < 3; i++)
            Assert.Equal(StatusCodes.Status302Found, (await LaunchFrom("198.51.100.7")).Response.StatusCode);
        var flooded = await LaunchFrom("198.51.100.7");
        var other = await LaunchFrom("203.0.113.9");

        Assert.Equal(StatusCodes.Status429TooManyRequests, flooded.Response.StatusCode);
        Assert.True(int.Parse(flooded.Response.Headers.RetryAfter!) is > 0 and <= 60);
        Assert.Contains("Too many launches", await new StreamReader(flooded.Response.Body).ReadToEndAsync());
        Assert.Equal(StatusCodes.Status302Found, other.Response.StatusCode);
        // none for the refused launch
        Assert.Equal(4, await factory.QueryAuditAsync(db => db.SmartStates.CountAsync()));
    }

    [Fact]
    public async Task Launches_for_one_ehr_beyond_its_budget_get_429_while_another_ehr_launches()
    {
        using var otherEhr = new SmartEhr();
        await using var factory = new CdsServiceFactory().With("Smart:LaunchesPerMinutePerIss", "2");
        using var client = Client(factory);

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(LaunchUrl($"launch-{i}"))).StatusCode);
        var refused = await client.GetAsync(LaunchUrl("one-too-many"));
        var other = await client.GetAsync($"/smart/launch?iss={Uri.EscapeDataString(otherEhr.Iss)}&launch=xyz");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }

    [Fact]
    public async Task Refused_launches_store_no_state()
    {
        await using var factory = new CdsServiceFactory().With("Smart:LaunchesPerMinutePerIss", "4");
        using var client = Client(factory);
        var unreadable = $"/smart/launch?iss={Uri.EscapeDataString(_ehr.Server.Url + "/no-smart-here")}&launch=xyz";

        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await client.GetAsync($"/smart/launch?iss={Uri.EscapeDataString(_ehr.Iss)}")).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await client.GetAsync("/smart/launch?iss=https%3A%2F%2Fevil.example%2Ffhir&launch=xyz")).StatusCode
        );
        Assert.Equal(HttpStatusCode.BadGateway, (await client.GetAsync(unreadable)).StatusCode);
        for (var i = 0; i < 4; i++)
            await client.GetAsync(unreadable); // spends the budget of this EHR
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync(unreadable)).StatusCode);

        Assert.Equal(0, await factory.QueryAuditAsync(db => db.SmartStates.CountAsync()));
    }
}
