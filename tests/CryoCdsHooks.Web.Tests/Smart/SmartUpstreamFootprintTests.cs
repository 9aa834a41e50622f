using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace CryoCdsHooks.Web.Tests.Smart;

/// <summary>
/// Issue 23 point 1: a hostile EHR answering <c>/smart/launch</c>'s discovery with megabytes costs the service no more
/// than its cap per launch, whether it declares the size or streams without one. Measured by the GC's allocation
/// counter (exact, process-wide; the stub EHR writes from one preallocated buffer, so what is counted is the
/// service's).
/// </summary>
[Collection(nameof(MemoryMeasurement))]
public sealed class SmartUpstreamFootprintTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Launches = 5;

    /// <summary>
    /// Per launch: the 64 KiB cap, the page and the request's own work, with room to spare; far below the 5 MB
    /// document.
    /// </summary>
    private const long MaxAllocatedPerLaunch = 1024 * 1024;

    private readonly LargeJsonServer _declared = new(declareLength: true);
    private readonly LargeJsonServer _streamed = new(declareLength: false);
    private readonly CdsServiceFactory _factory = new CdsServiceFactory().With(
        "Smart:LaunchesPerMinutePerSource",
        "1000"
    );
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.CreateClient(
            new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }
        );
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        _declared.Dispose();
        _streamed.Dispose();
    }

    [Fact]
    public async Task Oversized_declared_discovery_costs_at_most_the_cap_per_launch() =>
        Assert.InRange(await AllocatedPerLaunchAsync(_declared.Url + "/fhir"), 0, MaxAllocatedPerLaunch);

    [Fact]
    public async Task Oversized_undeclared_discovery_costs_at_most_the_cap_per_launch()
    {
        Assert.InRange(await AllocatedPerLaunchAsync(_streamed.Url + "/fhir"), 0, MaxAllocatedPerLaunch);
        // Each read stopped at the cap: the server never got to send its whole document.
        Assert.True(_streamed.LargestBytesSent < LargeJsonServer.Length, $"{_streamed.LargestBytesSent} bytes sent");
    }

    private async Task<long> AllocatedPerLaunchAsync(string iss)
    {
        var url = $"/smart/launch?iss={Uri.EscapeDataString(iss)}&launch=xyz";
        Assert.Equal(HttpStatusCode.BadGateway, (await _client.GetAsync(url)).StatusCode); // warm: JIT, connections
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Launches; i++)
        {
            using var response = await _client.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }
        var perLaunch = (GC.GetTotalAllocatedBytes(precise: true) - before) / Launches;
        output.WriteLine($"{perLaunch:N0} bytes allocated per refused launch");
        return perLaunch;
    }

    /// <summary>
    /// An HTTP server that answers every request with a JSON object of about <see cref="Length"/> bytes (5 MB),
    /// with a Content-Length or without one (the body then ends when the connection closes), written from one
    /// reused buffer.
    /// </summary>
    private sealed class LargeJsonServer : IDisposable
    {
        public const long Length = 80L * 64 * 1024;
        private static readonly byte[] Filler = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));

        private readonly byte[] _head;
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private long _largestBytesSent;

        public LargeJsonServer(bool declareLength)
        {
            const string start = "{\"padding\":\"";
            _head = Encoding.ASCII.GetBytes(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                    + (declareLength ? $"Content-Length: {start.Length + Length}\r\n" : "")
                    + "\r\n"
                    + start
            );
            _listener.Start();
            _ = Task.Run(AcceptAsync);
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        public long LargestBytesSent => Interlocked.Read(ref _largestBytesSent);

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient connection;
                try
                {
                    connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                _ = Task.Run(() => ServeAsync(connection));
            }
        }

        private async Task ServeAsync(TcpClient connection)
        {
            using var _ = connection;
            var stream = connection.GetStream();
            var sent = 0L;
            try
            {
                var request = new byte[8192];
                var read = 0;
                while (!Encoding.ASCII.GetString(request, 0, read).Contains("\r\n\r\n") && read < request.Length)
                {
                    var n = await stream.ReadAsync(request.AsMemory(read), _stop.Token);
                    if (n == 0)
                        return;
                    read += n;
                }
                await stream.WriteAsync(_head, _stop.Token);
                while (sent < Length)
                {
                    await stream.WriteAsync(Filler, _stop.Token);
                    sent += Filler.Length;
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // The client stopped reading: what it took is all that was sent.
            }
            finally
            {
                long largest;
                while (
                    sent > (largest = LargestBytesSent)
                    && Interlocked.CompareExchange(ref _largestBytesSent, sent, largest) != largest
                ) { }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }
    }
}
