using System.Net;
using System.Text.RegularExpressions;

namespace CryoCdsHooks.Web.Tests;

public sealed partial class DiscoveryTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    [Fact]
    public async Task Discovery_lists_a_service_for_each_hook_of_the_crd_workflow()
    {
        var body = await (await fixture.Client.GetAsync("/cds-services")).ReadJsonAsync();

        var services = body["services"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(
            ["appointment-book", "encounter-start", "order-dispatch", "order-select", "order-sign"],
            services.Select(s => (string)s["hook"]!).Order()
        );
        Assert.All(services, s =>
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)s["title"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)s["description"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)s["id"]));
        });
    }

    [Fact]
    public async Task Prefetch_templates_use_only_tokens_of_the_hooks_own_context()
    {
        var body = await (await fixture.Client.GetAsync("/cds-services")).ReadJsonAsync();

        foreach (var service in body["services"]!.AsArray())
        {
            var prefetch = service!["prefetch"]!.AsObject();
            var hook = (string)service["hook"]!;
            // order-dispatch has no encounterId in its context, so no key that needs one.
            Assert.Superset(
                new HashSet<string> { "patient", "coverage", "conditions", "observations" },
                prefetch.Select(p => p.Key).ToHashSet()
            );
            Assert.Equal(hook != "order-dispatch", prefetch.ContainsKey("encounter"));
            // CDS Hooks 2.0 simple tokens, or CRD's {{context.<Bundle>.<Type>.id}} for a hook's own Bundle.
            string[] tokens = hook switch
            {
                "appointment-book" => ["context.appointments.Appointment.id"],
                "order-dispatch" => ["context.performer"],
                _ => [],
            };
            foreach (var (_, template) in prefetch)
            {
                foreach (Match token in Token().Matches((string)template!))
                {
                    Assert.Contains(
                        token.Groups[1].Value,
                        (string[])["context.patientId", "context.encounterId", "context.userId", .. tokens]
                    );
                }
            }
            // Codes without a system, so records naming LOINC or SNOMED CT by OID are not filtered away.
            Assert.Contains("code=", (string)prefetch["observations"]!);
            Assert.Contains("98979-8", (string)prefetch["observations"]!);
            Assert.DoesNotContain("http://loinc.org|", (string)prefetch["observations"]!);
        }
    }

    [Fact]
    public async Task Discovery_declares_the_crd_version_and_a_boolean_option_with_default_per_card_type()
    {
        var body = await (await fixture.Client.GetAsync("/cds-services")).ReadJsonAsync();

        foreach (var service in body["services"]!.AsArray())
        {
            var extension = service!["extension"]!;
            Assert.Equal("2.2", (string)extension["davinci-crd.version"]![0]!);
            var options = extension["davinci-crd.configuration-options"]!.AsArray().Select(o => o!.AsObject()).ToList();
            foreach (var cardType in new[] { "coverage-info", "therapy-alternatives-opt" })
            {
                var option = options.Single(o => (string)o["code"]! == cardType);
                Assert.Equal("boolean", (string)option["type"]!);
                Assert.True((bool)option["default"]!);
                Assert.False(string.IsNullOrWhiteSpace((string?)option["name"]));
                Assert.False(string.IsNullOrWhiteSpace((string?)option["description"]));
            }
        }
    }

    [Fact]
    public async Task Openapi_document_and_health_endpoints_are_served()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.GetAsync("/healthz")).StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpStatusCode ready;
        while (
            (ready = (await fixture.Client.GetAsync("/readyz")).StatusCode) != HttpStatusCode.OK
            && DateTime.UtcNow < deadline
        )
        {
            await Task.Delay(50);
        }
        Assert.Equal(HttpStatusCode.OK, ready);
    }

    [Fact]
    public async Task Openapi_document_describes_the_hook_request_and_discovery_with_their_types()
    {
        var document = await (await fixture.Client.GetAsync("/openapi/v1.json")).ReadJsonAsync();

        var requestSchema = document["paths"]!["/cds-services/{id}"]!["post"]!["requestBody"]!["content"]![
            "application/json"
        ]!["schema"]!;
        Assert.Equal("#/components/schemas/CdsHookRequest", (string?)requestSchema["$ref"]);
        var request = document["components"]!["schemas"]!["CdsHookRequest"]!;
        Assert.Equal(
            ["context", "hook", "hookInstance"],
            request["required"]!.AsArray().Select(r => (string)r!).Order()
        );
        Assert.NotNull(request["properties"]!["fhirAuthorization"]);
        Assert.NotNull(document["components"]!["schemas"]!["CdsHookContext"]!["properties"]!["draftOrders"]);
        var discovery = document["paths"]!["/cds-services"]!["get"]!["responses"]!["200"]!["content"]![
            "application/json"
        ]!["schema"]!;
        Assert.Equal("#/components/schemas/CdsDiscoveryResponse", (string?)discovery["$ref"]);
    }

    [GeneratedRegex(@"\{\{\s*([^}]+?)\s*\}\}")]
    private static partial Regex Token();
}
