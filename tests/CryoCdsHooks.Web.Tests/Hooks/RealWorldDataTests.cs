using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace CryoCdsHooks.Web.Tests;

/// <summary>
/// Which Coverage answers, on which date, and the data shapes real clients send, through the HTTP service.
/// The base scenario is covered under policy 260 with one active BCBSMA Coverage and authoredOn 2026-11-20.
/// </summary>
public sealed class RealWorldDataTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    private const string Order = "ServiceRequest/order-1";

    private async Task<JsonObject> SignAsync(PatientScenario scenario, Action<JsonObject>? change = null)
    {
        var request = scenario.OrderSign();
        change?.Invoke(request);
        var response = await fixture.Client.PostJsonAsync(HookClient.OrderSign, request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    private static JsonObject FirstOrder(JsonObject request) =>
        request["context"]!["draftOrders"]!["entry"]![0]!["resource"]!.AsObject();

    private static PatientScenario WithCoverages(params JsonObject[] coverages)
    {
        var scenario = new PatientScenario();
        scenario.Coverages.Clear();
        scenario.Coverages.AddRange(coverages);
        return scenario;
    }

    [Fact]
    public async Task Another_payers_coverage_never_decides_labels_or_is_referenced()
    {
        var body = await SignAsync(WithCoverages(PatientScenario.Coverage("cov-aetna", "Aetna Health Inc.")));

        Assert.Empty(HookClient.CoverageInformationByOrder(body));
        var card = Assert.Single(HookClient.Cards(body));
        Assert.StartsWith(
            "No Blue Cross Blue Shield of Massachusetts coverage found",
            (string)card["summary"]!,
            StringComparison.Ordinal
        );
        Assert.Contains("another payer", (string)card["detail"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("Aetna", body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cov-aetna", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lapsed_coverage_listed_first_does_not_hide_the_one_in_force()
    {
        var body = await SignAsync(
            WithCoverages(
                PatientScenario.Coverage("cov-old", start: "2024-01-01", end: "2025-12-31"),
                PatientScenario.Coverage("cov-2026", start: "2026-01-01", end: "2026-12-31")
            )
        );

        var info = HookClient.CoverageInformationByOrder(body)[Order];
        Assert.Equal("covered", info.Covered);
        Assert.Equal("Coverage/cov-2026", info.CoverageReference);
    }

    [Fact]
    public async Task Only_a_lapsed_coverage_gives_the_no_coverage_card_naming_it()
    {
        var body = await SignAsync(
            WithCoverages(PatientScenario.Coverage("cov-old", start: "2024-01-01", end: "2025-12-31"))
        );

        Assert.Empty(HookClient.CoverageInformationByOrder(body));
        var detail = (string)Assert.Single(HookClient.Cards(body))["detail"]!;
        Assert.Contains("Coverage/cov-old is not in force on that date", detail, StringComparison.Ordinal);
        Assert.Contains("2026-11-20 (ServiceRequest.authoredOn)", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lowest_coverage_order_wins_unless_the_order_names_its_insurance()
    {
        var scenario = WithCoverages(
            PatientScenario.Coverage("cov-secondary", order: 2),
            PatientScenario.Coverage("cov-primary", order: 1)
        );

        var byOrder = await SignAsync(scenario);
        var named = await SignAsync(scenario, r =>
            FirstOrder(r)["insurance"] = new JsonArray(new JsonObject { ["reference"] = "Coverage/cov-secondary" })
        );

        Assert.Equal("Coverage/cov-primary", HookClient.CoverageInformationByOrder(byOrder)[Order].CoverageReference);
        Assert.Equal("Coverage/cov-secondary", HookClient.CoverageInformationByOrder(named)[Order].CoverageReference);
    }

    [Fact]
    public async Task Secondary_coverage_with_us_is_ours_to_answer()
    {
        var body = await SignAsync(
            WithCoverages(
                PatientScenario.Coverage("cov-other", "Medicare Part B", order: 1),
                PatientScenario.Coverage("cov-ours", order: 2)
            )
        );

        var info = HookClient.CoverageInformationByOrder(body)[Order];
        Assert.Equal("covered", info.Covered);
        Assert.Equal("Coverage/cov-ours", info.CoverageReference);
    }

    [Fact]
    public async Task A_contained_payor_organization_with_our_name_is_us()
    {
        var coverage = PatientScenario.Coverage("cov-contained");
        coverage["contained"] = new JsonArray(
            new JsonObject
            {
                ["resourceType"] = "Organization",
                ["id"] = "payer",
                ["name"] = "BCBSMA",
            }
        );
        coverage["payor"] = new JsonArray(new JsonObject { ["reference"] = "#payer" });

        var body = await SignAsync(WithCoverages(coverage));

        Assert.Equal("Coverage/cov-contained", HookClient.CoverageInformationByOrder(body)[Order].CoverageReference);
    }

    [Fact]
    public async Task An_occurrence_after_the_coverage_period_is_judged_on_the_occurrence_date()
    {
        var scenario = WithCoverages(PatientScenario.Coverage("cov-2026", start: "2026-01-01", end: "2026-12-31"));

        var body = await SignAsync(scenario, r => FirstOrder(r)["occurrenceDateTime"] = "2027-01-05T09:00:00-05:00");

        Assert.Empty(HookClient.CoverageInformationByOrder(body));
        var card = Assert.Single(HookClient.Cards(body));
        Assert.Equal(
            "No Blue Cross Blue Shield of Massachusetts coverage found for 2027-01-05",
            (string)card["summary"]!
        );
        Assert.Contains("(ServiceRequest.occurrenceDateTime)", (string)card["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_coverage_card_shows_the_date_of_service_and_its_source()
    {
        var body = await SignAsync(new PatientScenario(), r =>
            FirstOrder(r)["occurrencePeriod"] = new JsonObject { ["start"] = "2026-12-01T07:30:00-05:00" }
        );

        var card = Assert.Single(HookClient.Cards(body), c => HookClient.TopicOf(c) == "coverage-info");
        Assert.Contains(
            "**Date of service:** 2026-12-01 (ServiceRequest.occurrencePeriod.start)",
            (string)card["detail"]!,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task The_same_order_listed_twice_identically_is_answered_once()
    {
        var body = await SignAsync(new PatientScenario(), r =>
        {
            var entries = r["context"]!["draftOrders"]!["entry"]!.AsArray();
            entries.Add(entries[0]!.DeepClone());
        });

        Assert.Single(body["systemActions"]!.AsArray());
        Assert.Equal("covered", HookClient.CoverageInformationByOrder(body)[Order].Covered);
    }

    [Fact]
    public async Task Conflicting_copies_of_one_order_are_a_400()
    {
        var request = new PatientScenario().OrderSign();
        var entries = request["context"]!["draftOrders"]!["entry"]!.AsArray();
        var copy = entries[0]!.DeepClone();
        copy["resource"]!["code"]!["coding"]![0]!["code"] = "50250";
        entries.Add(copy);

        var response = await fixture.Client.PostJsonAsync(HookClient.OrderSign, request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("different content", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_arrays_empty_strings_and_nulls_are_read_as_absent_not_a_400()
    {
        var body = await SignAsync(new PatientScenario(), r =>
        {
            FirstOrder(r)["reasonCode"] = new JsonArray();
            FirstOrder(r)["note"] = null;
            FirstOrder(r)["bodySite"] = new JsonArray(new JsonObject { ["coding"] = new JsonArray(), ["text"] = "" });
            r["prefetch"]!["procedures"] = new JsonObject
            {
                ["resourceType"] = "Bundle",
                ["type"] = "searchset",
                ["entry"] = new JsonArray(),
            };
            r["prefetch"]!["patient"]!["name"] = new JsonArray();
        });

        var info = HookClient.CoverageInformationByOrder(body)[Order];
        Assert.Equal("covered", info.Covered);
        // The order is echoed exactly as received (CRD resp-37), empties included.
        Assert.NotNull(body["systemActions"]![0]!["resource"]!["reasonCode"]);
    }

    [Fact]
    public async Task Empty_members_read_as_absent_are_noted_in_the_audit_record()
    {
        var hookInstance = Guid.NewGuid().ToString();
        await SignAsync(new PatientScenario(), r =>
        {
            r["hookInstance"] = hookInstance;
            FirstOrder(r)["reasonCode"] = new JsonArray();
        });

        var invocation = await fixture.Factory.QueryAuditAsync(db =>
            db.HookInvocations.SingleAsync(i => i.HookInstance == hookInstance)
        );
        var notes = JsonSerializer.Deserialize<string[]>(invocation.DataNotes!)!;
        Assert.Contains(notes, n =>
            n.Contains("context.draftOrders", StringComparison.Ordinal)
            && n.Contains("absent", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task A_harmless_warning_in_a_prefetch_search_bundle_is_not_indeterminate()
    {
        var body = await SignAsync(new PatientScenario(), r => r["prefetch"]!["conditions"]!["entry"]!
                .AsArray()
                .Add(
                    new JsonObject
                    {
                        ["resource"] = new JsonObject
                        {
                            ["resourceType"] = "OperationOutcome",
                            ["issue"] = new JsonArray(
                                new JsonObject
                                {
                                    ["severity"] = "warning",
                                    ["code"] = "informational",
                                    ["diagnostics"] = "Results may be incomplete",
                                }
                            ),
                        },
                        ["search"] = new JsonObject { ["mode"] = "outcome" },
                    }
                ));

        Assert.Equal("covered", HookClient.CoverageInformationByOrder(body)[Order].Covered);
    }

    [Fact]
    public async Task Hundreds_of_conditions_and_observations_in_prefetch_are_answered_correctly()
    {
        var scenario = new PatientScenario();
        for (var i = 0; i < 400; i++)
        {
            scenario.Conditions.Add(
                PatientScenario.Condition(
                    $"noise-c{i}",
                    "http://hl7.org/fhir/sid/icd-10-cm",
                    i % 2 == 0 ? "I10" : "E11.9"
                )
            );
            scenario.Observations.Add(PatientScenario.Quantity($"noise-o{i}", "2345-7", 90 + (i % 40), "mg/dL"));
        }
        // Real prefetch runs to megabytes: well above the old 1 MiB limit, under the 8 MiB default.
        var body = await SignAsync(scenario, r => r["padding"] = new string('x', 3 * 1024 * 1024));

        Assert.Equal("covered", HookClient.CoverageInformationByOrder(body)[Order].Covered);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_a_413_naming_the_limit_and_the_setting()
    {
        await using var factory = new CdsServiceFactory().With("CdsService:MaxRequestBodyBytes", "2048");
        using var client = factory.CreateClient();

        var response = await client.PostJsonAsync(HookClient.OrderSign, new PatientScenario().OrderSign());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("2048 bytes", text, StringComparison.Ordinal);
        Assert.Contains("CdsService:MaxRequestBodyBytes", text, StringComparison.Ordinal);
    }

    // Issue 22, point 9: a payor known only by a reference that cannot be read; point 10: beneficiary, not subscriber.
    [Fact]
    public async Task Only_coverage_with_an_unreadable_payor_is_answered_and_the_card_says_the_payer_is_unconfirmed()
    {
        var body = await SignAsync(WithCoverages(PatientScenario.Coverage("cov-bare", payer: null)));

        var info = HookClient.CoverageInformationByOrder(body)[Order];
        Assert.Equal("covered", info.Covered);
        Assert.Equal("Coverage/cov-bare", info.CoverageReference);
        var card = Assert.Single(HookClient.Cards(body), c =>
            HookClient.TopicOf(c) == "coverage-info" && ((string)c["summary"]!).Contains("meets policy")
        );
        Assert.Contains("Payer could not be confirmed", (string)card["detail"]!, StringComparison.Ordinal);
        Assert.Equal("warning", (string)card["indicator"]!);
        Assert.DoesNotContain("another payer", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_payor_beside_another_coverage_in_force_is_not_answered_and_not_called_another_payer()
    {
        var body = await SignAsync(
            WithCoverages(
                PatientScenario.Coverage("cov-bare", payer: null),
                PatientScenario.Coverage("cov-aetna", "Aetna Health Inc.")
            )
        );

        Assert.Empty(HookClient.CoverageInformationByOrder(body));
        var detail = (string)Assert.Single(HookClient.Cards(body))["detail"]!;
        Assert.Contains("1 Coverage record(s) of another payer", detail, StringComparison.Ordinal);
        Assert.Contains(
            "1 Coverage record(s) name a payer that could not be identified",
            detail,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Our_coverage_in_force_is_chosen_over_an_unreadable_payor()
    {
        var body = await SignAsync(
            WithCoverages(PatientScenario.Coverage("cov-bare", payer: null), PatientScenario.Coverage("cov-ours"))
        );

        Assert.Equal("Coverage/cov-ours", HookClient.CoverageInformationByOrder(body)[Order].CoverageReference);
        Assert.DoesNotContain("Payer could not be confirmed", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coverage_of_which_the_patient_is_only_the_subscriber_is_not_theirs()
    {
        var dependant = PatientScenario.Coverage("cov-child");
        dependant["beneficiary"] = new JsonObject { ["reference"] = "Patient/child-1" };
        dependant["subscriber"] = new JsonObject { ["reference"] = $"Patient/{PatientScenario.PatientId}" };

        var body = await SignAsync(WithCoverages(dependant));

        Assert.Empty(HookClient.CoverageInformationByOrder(body));
        Assert.StartsWith("No ", (string)Assert.Single(HookClient.Cards(body))["summary"]!, StringComparison.Ordinal);
    }
}
