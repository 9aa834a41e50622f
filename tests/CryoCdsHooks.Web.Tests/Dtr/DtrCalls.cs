using System.Net;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Tests.Security;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using static CryoCdsHooks.Web.Tests.Security.SecuredServiceFixture;

namespace CryoCdsHooks.Web.Tests.Dtr;

/// <summary>
/// Calls to the DTR endpoints as one of the fixture's trusted clients, and the conditional order they document.
/// </summary>
public sealed class DtrCalls(SecuredServiceFixture fixture)
{
    public const string Package = "/fhir/Questionnaire/$questionnaire-package";
    public const string NextQuestion = "/fhir/Questionnaire/$next-question";
    public const string Expand = "/fhir/ValueSet/$expand";
    public const string RenalForm = "http://cryocdshooks.org/fhir/Questionnaire/mp260-renal-cryoablation";
    private static readonly FhirJsonSerializer Serializer = new();
    private static readonly FhirJsonDeserializer Parser = new();

    public async Task<HttpResponseMessage> SendAsync(string path, JsonNode? body, string issuer = EsIssuer)
    {
        var key = issuer == EsIssuer ? fixture.EsKey : fixture.RsKey;
        var tokenPath = path.Split('?')[0];
        return await fixture.Client.SendAsync(Call(path, ClientTokens.Create(TokenFor(tokenPath, issuer, key)), body));
    }

    /// <summary>Posts <paramref name="body"/> as it is, well-formed or not.</summary>
    public async Task<HttpResponseMessage> PostRawAsync(string path, string body, string issuer = EsIssuer)
    {
        var key = issuer == EsIssuer ? fixture.EsKey : fixture.RsKey;
        var request = Call(path, ClientTokens.Create(TokenFor(path, issuer, key)));
        request.Method = HttpMethod.Post;
        request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/fhir+json");
        return await fixture.Client.SendAsync(request);
    }

    /// <summary>POSTs <paramref name="body"/>, or GETs when it is null.</summary>
    public Task<HttpResponseMessage> SendAsync(string path, Resource? body, string issuer = EsIssuer) =>
        SendAsync(path, body is null ? null : JsonNode.Parse(Serializer.SerializeToString(body)), issuer);

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response)
        where T : Resource
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        return Parser.Deserialize<T>(text);
    }

    /// <summary>A renal order that is conditional: everything but the surgical candidacy is documented.</summary>
    public static PatientScenario ConditionalRenal()
    {
        var scenario = new PatientScenario();
        scenario.Observations.RemoveAll(o => (string?)o["id"] == "att-1");
        return scenario;
    }

    /// <summary>Signs the scenario's order as <paramref name="issuer"/>; returns its coverage-information.</summary>
    public async Task<CoverageInformation> SignAsync(PatientScenario scenario, string issuer = EsIssuer)
    {
        var response = await SendAsync(HookClient.OrderSign, scenario.OrderSign(), issuer);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return HookClient.CoverageInformationByOrder(await response.ReadJsonAsync())["ServiceRequest/order-1"];
    }

    public static Parameters PackageRequest(params (string Name, DataType Value)[] values)
    {
        var input = new Parameters();
        foreach (var (name, value) in values)
            input.Add(name, value);
        return input;
    }
}
