using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>
/// A raw HTTP/1.1 server on loopback that answers every request with <paramref name="respond"/> writing the whole
/// response (status line, headers, body) to the connection: what WireMock cannot do, such as a body streamed without
/// end or dripped a byte at a time. It allocates little itself, so memory tests measure the client.
/// </summary>
internal sealed class HostileFhirServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;
    private int requests;

    public HostileFhirServer(Func<Stream, CancellationToken, Task> respond)
    {
        listener.Start();
        accepting = AcceptAsync(respond);
    }

    public Uri FhirBase => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/fhir");

    public int Requests => Volatile.Read(ref requests);

    /// <summary>Writes a status line and headers; the body follows on the same stream.</summary>
    public static Task WriteHeadAsync(Stream stream, string headers, CancellationToken token) =>
        stream
            .WriteAsync(
                Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/fhir+json\r\n{headers}\r\n"),
                token
            )
            .AsTask();

    private async Task AcceptAsync(Func<Stream, CancellationToken, Task> respond)
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = ServeAsync(client, respond);
        }
    }

    private async Task ServeAsync(TcpClient client, Func<Stream, CancellationToken, Task> respond)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                await ReadRequestHeadAsync(stream);
                Interlocked.Increment(ref requests);
                await respond(stream, stopping.Token);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                // The client hung up on a response it would not read: what these tests expect.
            }
        }
    }

    private async Task ReadRequestHeadAsync(Stream stream)
    {
        var window = new byte[4];
        var single = new byte[1];
        while (!window.AsSpan().SequenceEqual("\r\n\r\n"u8))
        {
            if (await stream.ReadAsync(single, stopping.Token) == 0)
                throw new IOException("request ended early");
            window.AsSpan(1).CopyTo(window);
            window[3] = single[0];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        stopping.Dispose();
    }
}
