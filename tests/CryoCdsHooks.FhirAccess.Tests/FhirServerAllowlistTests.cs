using Microsoft.Extensions.Options;

namespace CryoCdsHooks.FhirAccess.Tests;

public sealed class FhirServerAllowlistTests
{
    private static FhirServerAllowlist Allowlist(bool allowLoopback = false) =>
        new(
            new StaticOptionsMonitor(
                new FhirAccessOptions
                {
                    AllowLoopback = allowLoopback,
                    AllowedFhirServers = ["https://ehr.example.org/fhir"],
                    ClientAllowedFhirServers = new() { ["client-a"] = ["https://a.example.net:8443/r4/"] },
                }
            )
        );

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

    private static readonly Uri FhirBase = new("https://ehr.example.org/fhir/");
    private static readonly Uri CurrentPage = new("https://ehr.example.org/fhir/Condition?patient=p1");

    [Theory]
    [InlineData("Condition?patient=p1&page=2", "https://ehr.example.org/fhir/Condition?patient=p1&page=2")]
    [InlineData(
        "https://ehr.example.org/fhir/Condition?_getpages=a1b2&_getpagesoffset=100",
        "https://ehr.example.org/fhir/Condition?_getpages=a1b2&_getpagesoffset=100"
    )]
    // In the query an encoded slash is data (a reference value), not a path separator.
    [InlineData(
        "https://ehr.example.org/fhir/Condition?subject=Patient%2Fp1&page=2",
        "https://ehr.example.org/fhir/Condition?subject=Patient%2Fp1&page=2"
    )]
    [InlineData(
        "https://ehr.example.org/fhir/Condition?code=http%3A%2F%2Fsnomed.info%2Fsct%7C1",
        "https://ehr.example.org/fhir/Condition?code=http%3A%2F%2Fsnomed.info%2Fsct%7C1"
    )]
    public void Next_links_under_the_base_resolve_unchanged(string link, string expected) =>
        Assert.Equal(expected, FhirServerAllowlist.ResolveUnder(FhirBase, CurrentPage, link)?.AbsoluteUri);

    [Theory]
    [InlineData("https://ehr.example.org/fhir/..%2Fadmin%2Fexport")]
    [InlineData("https://ehr.example.org/fhir/%2E%2E%2Fadmin")]
    [InlineData("https://ehr.example.org/fhir/Condition%2F..%2F..%2Fadmin")]
    [InlineData("https://ehr.example.org/fhir/%252E%252E%252Fadmin")]
    [InlineData("https://ehr.example.org/fhir/%25252F..%25252Fadmin")]
    [InlineData("https://ehr.example.org/fhir/..%5Cadmin")]
    [InlineData("https://ehr.example.org/fhir/%255C..%255Cadmin")]
    [InlineData(@"https://ehr.example.org/fhir/..\admin")]
    [InlineData(@"https://ehr.example.org/fhir\..\admin")]
    [InlineData("https://ehr.example.org/fhir/Condition%00.json")]
    [InlineData("https://ehr.example.org/fhir/Condition%250A?page=2")]
    [InlineData("https://ehr.example.org/fhir/Condition?page=2%0D%0AHost:%20evil.test")]
    [InlineData("https://ehr.example.org/fhir/Condition?page=2\r\nX-Injected: 1")]
    [InlineData("https://ehr.example.org/fhir/Condi\ttion?page=2")]
    [InlineData("https://user:pw@ehr.example.org/fhir/Condition?page=2")]
    [InlineData("https://ehr.example.org@evil.test/fhir/Condition?page=2")]
    [InlineData("https://ehr.example.org/fhir/../admin/Condition")]
    [InlineData("../admin/Condition?page=2")]
    [InlineData("//evil.test/fhir/Condition?page=2")]
    [InlineData("http://ehr.example.org/fhir/Condition?page=2")]
    public void Next_links_that_leave_the_base_after_any_decoding_are_refused(string link) =>
        Assert.Null(FhirServerAllowlist.ResolveUnder(FhirBase, CurrentPage, link));

    [Fact]
    public void Invalid_allowlist_entries_fail_options_validation_at_startup()
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
            new LoaderHarness(
                new Dictionary<string, string?> { ["FhirAccess:AllowedFhirServers:0"] = "ehr.example.org/fhir" }
            )
        );
        Assert.Contains("AllowedFhirServers", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_deadline_fails_options_validation_at_startup()
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
            new LoaderHarness(new Dictionary<string, string?> { ["FhirAccess:HookDeadline"] = "00:05:00" })
        );
        Assert.Contains("HookDeadline", failure.Message, StringComparison.Ordinal);
    }

    private sealed class StaticOptionsMonitor(FhirAccessOptions value) : IOptionsMonitor<FhirAccessOptions>
    {
        public FhirAccessOptions CurrentValue => value;

        public FhirAccessOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<FhirAccessOptions, string?> listener) => null;
    }
}
