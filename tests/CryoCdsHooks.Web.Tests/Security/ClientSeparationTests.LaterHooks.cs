using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Tests.Dtr;
using CryoCdsHooks.Web.Tests.Persistence;
using static CryoCdsHooks.Web.Tests.Security.SecuredServiceFixture;
using static CryoCdsHooks.Web.Tests.WorkflowRequests;

namespace CryoCdsHooks.Web.Tests.Security;

/// <summary>
/// The later hooks' "what changed since" compares with the caller's own earlier answers only, and the DTR operations
/// read only the caller's own coverage assertions and evaluations (and only for the patient the form is about): on
/// both databases, since the rule is a query.
/// </summary>
public sealed partial class ClientSeparationTests
{
    private const string Changed = "**Changed since";

    /// <summary>Each later hook with a request that books, dispatches or admits the order as inpatient.</summary>
    public static TheoryData<string> LaterHooks() => [AppointmentBook, OrderDispatch, EncounterStart];

    private static JsonObject Inpatient(string path) =>
        path switch
        {
            AppointmentBook => Booking(UnknownSetting(), Location("ward-1", "21")),
            OrderDispatch => Dispatch(UnknownSetting(), Role(), Location("ward-1", "21")),
            _ => Admission(new PatientScenario(), "IMP"),
        };

    /// <summary>An order-entry Encounter (pre-admission) naming no setting: prior authorization conditional.</summary>
    private static PatientScenario UnknownSetting() => new() { EncounterClass = "PRENC" };

    private static JsonObject Role() =>
        new()
        {
            ["resourceType"] = "PractitionerRole",
            ["id"] = "role-1",
            ["location"] = new JsonArray(new JsonObject { ["reference"] = "Location/ward-1" }),
        };

    /// <summary>The request for a patient of its own: every id and reference of pat-1 renamed.</summary>
    private static JsonObject For(JsonObject request, string patient) =>
        JsonNode.Parse(request.ToJsonString().Replace("pat-1", patient, StringComparison.Ordinal))!.AsObject();

    private static string NewPatient() => "pat-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<HttpResponseMessage> SendOnAsync(
        DatabaseProvider provider,
        string issuer,
        string path,
        JsonNode? body = null
    )
    {
        var client = (await stores.GetAsync(provider)).CreateClient();
        var key = issuer == EsIssuer ? stores.EsKey : stores.RsKey;
        return await client.SendAsync(Call(path, ClientTokens.Create(TokenFor(path, issuer, key)), body));
    }

    private async Task<JsonObject> AnsweredOnAsync(DatabaseProvider provider, string issuer, string path, JsonNode body)
    {
        var response = await SendOnAsync(provider, issuer, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static string CoverageCard(JsonObject answer) =>
        HookClient
            .Cards(answer)
            .Select(c => (string?)c["detail"] ?? "")
            .Single(d => d.Contains("**Answered at:**", StringComparison.Ordinal));

    [Theory, InSqlite(nameof(LaterHooks)), InPostgreSql(nameof(LaterHooks))]
    public async Task A_later_hook_says_what_changed_only_against_the_same_clients_earlier_answer(
        DatabaseProvider provider,
        string path
    )
    {
        var patient = NewPatient();
        // The other client signs first (auth-needed), then this one (conditional): each client's latest differs from
        // the latest of all, so comparing with another client's answer shows in either direction.
        var inpatientSign = For(new PatientScenario { EncounterClass = "IMP" }.OrderSign(), patient);
        await AnsweredOnAsync(provider, RsIssuer, HookClient.OrderSign, inpatientSign);
        await AnsweredOnAsync(provider, EsIssuer, HookClient.OrderSign, For(UnknownSetting().OrderSign(), patient));

        var theirs = CoverageCard(await AnsweredOnAsync(provider, RsIssuer, path, For(Inpatient(path), patient)));
        var mine = CoverageCard(await AnsweredOnAsync(provider, EsIssuer, path, For(Inpatient(path), patient)));

        Assert.DoesNotContain(Changed, theirs);
        Assert.Contains(Changed + " order-sign (", mine);
        Assert.Contains("prior authorization now auth-needed (was conditional)", mine);
    }

    [Theory, InSqlite(nameof(LaterHooks)), InPostgreSql(nameof(LaterHooks))]
    public async Task A_later_hooks_coverage_assertion_is_found_only_by_the_client_that_received_it(
        DatabaseProvider provider,
        string path
    )
    {
        var answer = await AnsweredOnAsync(provider, EsIssuer, path, For(Inpatient(path), NewPatient()));
        var assertion =
            "/coverage-assertions/" + HookClient.CoverageInformationByOrder(answer).Values.Single().AssertionId;

        var own = await SendOnAsync(provider, EsIssuer, assertion);
        var other = await SendOnAsync(provider, RsIssuer, assertion);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (own.StatusCode, other.StatusCode));
        Assert.Equal("OperationOutcome", (string?)(await other.ReadJsonAsync())["resourceType"]);
    }

    [Theory, InSqlite, InPostgreSql]
    public async Task A_dtr_context_naming_another_clients_coverage_assertion_is_not_found(DatabaseProvider provider)
    {
        var sign = For(DtrCalls.ConditionalRenal().OrderSign(), NewPatient());
        var answer = await AnsweredOnAsync(provider, EsIssuer, HookClient.OrderSign, sign);
        var id = HookClient.CoverageInformationByOrder(answer)["ServiceRequest/order-1"].AssertionId;
        var input = LaterEndpointBadInputs.Parameters(("context", "valueString", id));

        var other = await SendOnAsync(provider, RsIssuer, LaterEndpointBadInputs.Package, input);
        var own = await SendOnAsync(provider, EsIssuer, LaterEndpointBadInputs.Package, input);

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal("OperationOutcome", (string?)(await other.ReadJsonAsync())["resourceType"]);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("PackageBundle", await own.Content.ReadAsStringAsync());
    }

    [Theory, InSqlite, InPostgreSql]
    public async Task Next_question_reads_only_the_callers_own_evaluation_of_the_order(DatabaseProvider provider)
    {
        var patient = NewPatient();
        var form = LaterEndpointBadInputs.Adaptive(patient);
        await AnsweredOnAsync(
            provider,
            EsIssuer,
            HookClient.OrderSign,
            For(DtrCalls.ConditionalRenal().OrderSign(), patient)
        );

        var before = await SendOnAsync(provider, RsIssuer, LaterEndpointBadInputs.NextQuestion, form);
        // The other client's own evaluation of the same order found nothing missing.
        await AnsweredOnAsync(
            provider,
            RsIssuer,
            HookClient.OrderSign,
            For(new PatientScenario().OrderSign(), patient)
        );
        var theirs = await AnsweredOnAsync(provider, RsIssuer, LaterEndpointBadInputs.NextQuestion, form);
        var mine = await AnsweredOnAsync(provider, EsIssuer, LaterEndpointBadInputs.NextQuestion, form);

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal("OperationOutcome", (string?)(await before.ReadJsonAsync())["resourceType"]);
        Assert.Equal(("completed", null), ((string?)theirs["status"], theirs["item"]));
        Assert.Equal("in-progress", (string?)mine["status"]);
        Assert.Equal("surgical-candidacy", (string?)mine["item"]![0]!["linkId"]);
    }

    [Theory, InSqlite, InPostgreSql]
    public async Task Next_question_reads_the_evaluation_of_the_forms_patient_not_of_another_with_the_same_order_id(
        DatabaseProvider provider
    )
    {
        var (open, decided, never) = (NewPatient(), NewPatient(), NewPatient());
        await AnsweredOnAsync(
            provider,
            EsIssuer,
            HookClient.OrderSign,
            For(DtrCalls.ConditionalRenal().OrderSign(), open)
        );
        // Later, the same order id for another patient, with nothing missing.
        await AnsweredOnAsync(
            provider,
            EsIssuer,
            HookClient.OrderSign,
            For(new PatientScenario().OrderSign(), decided)
        );

        var forOpen = await AnsweredOnAsync(
            provider,
            EsIssuer,
            LaterEndpointBadInputs.NextQuestion,
            LaterEndpointBadInputs.Adaptive(open)
        );
        var forNever = await SendOnAsync(
            provider,
            EsIssuer,
            LaterEndpointBadInputs.NextQuestion,
            LaterEndpointBadInputs.Adaptive(never)
        );

        Assert.Equal("in-progress", (string?)forOpen["status"]);
        Assert.Equal("surgical-candidacy", (string?)forOpen["item"]![0]!["linkId"]);
        Assert.Equal(HttpStatusCode.NotFound, forNever.StatusCode);
    }
}
