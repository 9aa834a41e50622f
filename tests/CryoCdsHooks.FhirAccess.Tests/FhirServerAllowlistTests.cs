using Microsoft.Extensions.Options;

namespace CryoCdsHooks.FhirAccess.Tests;

public sealed class FhirServerAllowlistTests
{
    private static FhirServerAllowlist Allowlist(bool allowLoopback = false) => new(new StaticOptionsMonitor(new FhirAccessOptions
    {
        AllowLoopback = allowLoopback,
        AllowedFhirServers = ["https://ehr.example.org/fhir"],
        ClientAllowedFhirServers = new() { ["client-a"] = ["https://a.example.net:8443/r4/"] },
    }));

    [Theory]
    [InlineData("https://ehr.example.org/fhir")]
    [InlineData("https://ehr.example.org/fhir/")]
    [InlineData("https://EHR.Example.org/fhir/tenant-1")]
    [InlineData("https://ehr.example.org:443/fhir")]
    public void Allows_servers_under_a_listed_prefix(string fhirServer) =>
        Assert.True(Allowlist().IsAllowed(new Uri(fhirServer), clientId: null));

    [Theory]
    [InlineData("http://ehr.example.org/fhir")]
    [InlineData("https://ehr.example.org/fhir-other")]
    [InlineData("https://ehr.example.org/")]
    [InlineData("https://ehr.example.org:8443/fhir")]
    [InlineData("https://ehr.example.org.evil.test/fhir")]
    [InlineData("https://user:pw@ehr.example.org/fhir")]
    [InlineData("https://ehr.example.org/fhir?tenant=1")]
    [InlineData("https://ehr.example.org/fhir#x")]
    [InlineData("https://a.example.net:8443/r4")]
    [InlineData("http://localhost:5000/fhir")]
    public void Refuses_servers_outside_the_allowlist(string fhirServer) =>
        Assert.False(Allowlist().IsAllowed(new Uri(fhirServer), clientId: null));

    [Fact]
    public void Per_client_prefixes_apply_only_to_that_client()
    {
        var server = new Uri("https://a.example.net:8443/r4/Patient");

        Assert.True(Allowlist().IsAllowed(server, "client-a"));
        Assert.False(Allowlist().IsAllowed(server, "client-b"));
    }

    [Theory]
    [InlineData("http://localhost:5000/fhir")]
    [InlineData("http://127.0.0.1:5000/fhir")]
    [InlineData("https://[::1]/fhir")]
    public void Loopback_is_allowed_only_when_configured(string fhirServer)
    {
        Assert.True(Allowlist(allowLoopback: true).IsAllowed(new Uri(fhirServer), clientId: null));
        Assert.False(Allowlist(allowLoopback: false).IsAllowed(new Uri(fhirServer), clientId: null));
    }

    [Fact]
    public void Invalid_allowlist_entries_fail_options_validation_at_startup()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => new LoaderHarness(new Dictionary<string, string?>
        {
            ["FhirAccess:AllowedFhirServers:0"] = "ehr.example.org/fhir",
        }));
        Assert.Contains("AllowedFhirServers", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_deadline_fails_options_validation_at_startup()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => new LoaderHarness(new Dictionary<string, string?>
        {
            ["FhirAccess:HookDeadline"] = "00:05:00",
        }));
        Assert.Contains("HookDeadline", failure.Message, StringComparison.Ordinal);
    }

    private sealed class StaticOptionsMonitor(FhirAccessOptions value) : IOptionsMonitor<FhirAccessOptions>
    {
        public FhirAccessOptions CurrentValue => value;

        public FhirAccessOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<FhirAccessOptions, string?> listener) => null;
    }
}
