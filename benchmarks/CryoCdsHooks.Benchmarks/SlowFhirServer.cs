using System.Net;
using System.Net.Sockets;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace CryoCdsHooks.Benchmarks;

/// <summary>
/// A WireMock.Net FHIR server on 127.0.0.1 that serves one scenario's prefetch data for the six prefetch
/// queries, each answered only after a fixed delay.
/// </summary>
internal sealed class SlowFhirServer : IDisposable
{
    private readonly WireMockServer _server;

    private SlowFhirServer(WireMockServer server) => _server = server;

    public Uri FhirBase => new($"{_server.Url}/fhir");

    public static SlowFhirServer Start(SampleScenario scenario, TimeSpan delayPerQuery)
    {
        var server = WireMockServer.Start(
            new WireMockServerSettings
            {
                Urls = [$"http://127.0.0.1:{FreeLoopbackPort()}"],
                // Request logs are not needed and would grow with every query.
                MaxRequestLogCount = 0,
            }
        );
        var routes = new Dictionary<string, string>
        {
            [$"/fhir/Patient/{scenario.PatientId}"] = "patient",
            [$"/fhir/Encounter/{scenario.EncounterId}"] = "encounter",
            ["/fhir/Coverage"] = "coverage",
            ["/fhir/Condition"] = "conditions",
            ["/fhir/Observation"] = "observations",
            ["/fhir/Procedure"] = "procedures",
        };
        foreach (var (path, prefetchKey) in routes)
        {
            server
                .Given(Request.Create().WithPath(path).UsingGet())
                .RespondWith(
                    Response
                        .Create()
                        .WithDelay(delayPerQuery)
                        .WithHeader("Content-Type", "application/fhir+json")
                        .WithBody(scenario.PrefetchJson(prefetchKey))
                );
        }
        return new SlowFhirServer(server);
    }

    public void Dispose() => _server.Stop();

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
