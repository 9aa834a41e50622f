using Hl7.Fhir.Model;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static CryoCdsHooks.FhirAccess.Tests.LoaderHarness;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>
/// Issue 25: the references a hook follows from its keys (a PractitionerRole performer's locations and
/// organization) are read from the FHIR server when nothing loaded holds them: a few reads, same token, allowlist,
/// deadline and byte budget, and never at another server than fhirServer.
/// </summary>
public sealed class HookKeyFollowTests : IDisposable
{
    private readonly WireMockServer server = WireMockServer.Start();
    private readonly WireMockServer elsewhere = WireMockServer.Start();

    public void Dispose()
    {
        server.Dispose();
        elsewhere.Dispose();
    }

    private static HookKeyQuery RoleRead(string id) =>
        new("performer", $"PractitionerRole/{id}", typeof(PractitionerRole), IsRead: true, Places);

    private static IEnumerable<ResourceReference?> Places(Resource resource) =>
        resource is PractitionerRole role ? role.Location.Append(role.Organization) : [];

    private void Serves(WireMockServer on, Resource resource) =>
        on.Given(Request.Create().WithPath($"/fhir/{resource.TypeName}/{resource.Id}").UsingGet())
            .RespondWith(
                Response.Create().WithHeader("Content-Type", "application/fhir+json").WithBody(ToJson(resource))
            );

    private async Task<PatientRecordLoadResult> LoadAsync(HookKeyQuery key)
    {
        using var harness = new LoaderHarness();
        return await harness.LoadAsync(
            HookRequest(server, FullPrefetch()) with
            {
                HookKeys = [key],
            },
            CancellationToken.None
        );
    }

    [Fact]
    public async Task A_practitioner_role_read_from_the_server_is_followed_to_its_location_and_organization()
    {
        Serves(
            server,
            new PractitionerRole
            {
                Id = "role-1",
                Location = [new ResourceReference("Location/ward-1")],
                Organization = new ResourceReference($"{FhirBase(server)}/Organization/hosp-1"),
            }
        );
        Serves(server, new Location { Id = "ward-1" });
        Serves(server, new Organization { Id = "hosp-1" });

        var result = await LoadAsync(RoleRead("role-1"));

        Assert.Equal(
            ["Location/ward-1", "Organization/hosp-1", "PractitionerRole/role-1"],
            result.HookKeys["performer"].Select(r => $"{r.TypeName}/{r.Id}").Order()
        );
        Assert.All(server.LogEntries, e =>
            Assert.Equal($"Bearer {AccessToken}", e.RequestMessage.Headers!["Authorization"].ToString())
        );
    }

    [Fact]
    public async Task A_role_naming_many_places_costs_a_few_reads_only()
    {
        Serves(
            server,
            new PractitionerRole
            {
                Id = "role-1",
                Location = [.. Enumerable.Range(1, 20).Select(i => new ResourceReference($"Location/l{i}"))],
            }
        );

        await LoadAsync(RoleRead("role-1"));

        Assert.InRange(server.LogEntries.Count(e => e.RequestMessage.Path.StartsWith("/fhir/Location/")), 1, 6);
    }

    [Fact]
    public async Task A_place_on_another_server_is_never_read_and_the_token_never_sent_there()
    {
        Serves(
            server,
            new PractitionerRole
            {
                Id = "role-1",
                Location = [new ResourceReference($"{elsewhere.Url}/fhir/Location/ward-1")],
            }
        );
        Serves(elsewhere, new Location { Id = "ward-1" });

        var result = await LoadAsync(RoleRead("role-1"));

        Assert.Empty(elsewhere.LogEntries);
        Assert.Contains(result.Notes, n => n.Contains("on another server than fhirServer were not read"));
    }

    [Fact]
    public async Task A_place_already_in_the_key_is_not_read_again()
    {
        var role = new PractitionerRole { Id = "role-1", Location = [new ResourceReference("Location/ward-1")] };
        var prefetch = FullPrefetch();
        prefetch["performer"] = ToElement(SearchSet(role, new Location { Id = "ward-1" }));
        using var harness = new LoaderHarness();

        var result = await harness.LoadAsync(
            HookRequest(server, prefetch) with
            {
                HookKeys = [RoleRead("role-1")],
            },
            CancellationToken.None
        );

        Assert.Empty(server.LogEntries);
        Assert.Equal(2, result.HookKeys["performer"].Count);
    }
}
