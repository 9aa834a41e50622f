using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace CryoCdsHooks.Web.Tests.Smart;

/// <summary>
/// The service on HTTPS Kestrel at <c>https://127.0.0.1:port</c> (one instance, or two behind a round-robin proxy
/// that alternates the steps, sharing one database), an EHR page at <c>https://ehr.test:port</c> (another site) that
/// frames the app, and headless Chromium mapping <c>*.test</c> to loopback. One self-signed certificate made here
/// serves all of them; Chromium is told to accept it.
/// </summary>
internal sealed class FramedSmartApp : IAsyncDisposable
{
    private static readonly Lazy<X509Certificate2> Certificate = new(CreateCertificate);

    private readonly List<CdsServiceFactory> _instances = [];
    private readonly List<WebApplication> _hosts = [];
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"cryocdshooks-framed-{Guid.NewGuid():N}.db");
    private readonly SmartEhr _ehr;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private int _ehrPort;
    private int _nextStep = -1;

    private FramedSmartApp(SmartEhr ehr) => _ehr = ehr;

    /// <summary>The app's origin as the browser sees it (the instance, or the proxy in front of two).</summary>
    public string AppUrl { get; private set; } = "";

    /// <summary>Each SMART step (path) and the instance that answered it, in order (two instances only).</summary>
    public ConcurrentQueue<(string Path, int Instance)> Steps { get; } = new();

    public static async Task<FramedSmartApp> StartAsync(SmartEhr ehr, int instances)
    {
        var setup = new FramedSmartApp(ehr);
        try
        {
            await setup.StartServersAsync(instances);
            setup._playwright = await Playwright.CreateAsync();
            setup._browser = await setup._playwright.Chromium.LaunchAsync(
                new BrowserTypeLaunchOptions
                {
                    ExecutablePath = ChromiumFactAttribute.ChromiumPath,
                    Headless = true,
                    Timeout = 20_000,
                    Args =
                    [
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--ignore-certificate-errors",
                        "--host-resolver-rules=MAP *.test 127.0.0.1",
                    ],
                }
            );
            return setup;
        }
        catch
        {
            await setup.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens the EHR's page on <paramref name="host"/> in a new browser context; its iframe (name <c>app</c>) loads
    /// <paramref name="path"/> of the app, by default the card's SMART launch. The frame is as wide as the page:
    /// <paramref name="width"/> 480 is an EHR side panel.
    /// </summary>
    public async Task<IPage> OpenEhrPageAsync(string host = "ehr.test", string? path = null, int width = 1280)
    {
        var context = await _browser!.NewContextAsync(
            new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = width, Height = 900 },
                IgnoreHTTPSErrors = true,
            }
        );
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var src = path ?? $"/smart/launch?iss={Uri.EscapeDataString(_ehr.Iss)}&launch=xyz123";
        await page.GotoAsync($"https://{host}:{_ehrPort}/chart?app={Uri.EscapeDataString(AppUrl + src)}");
        return page;
    }

    /// <summary>The app's frame once it has arrived at <paramref name="path"/>.</summary>
    public async Task<IFrame> AppFrameAsync(IPage page, string path)
    {
        var frame = page.Frame("app") ?? throw new InvalidOperationException("The EHR page has no app frame.");
        await frame.WaitForURLAsync(AppUrl + path);
        return frame;
    }

    private async Task StartServersAsync(int instances)
    {
        _ehrPort = FreePort();
        var appPorts = Enumerable.Range(0, instances).Select(_ => FreePort()).ToList();
        var proxyPort = instances > 1 ? FreePort() : appPorts[0];
        AppUrl = $"https://127.0.0.1:{proxyPort}";

        foreach (var port in appPorts)
        {
            var factory = new CdsServiceFactory()
                .With("ConnectionStrings:Audit", $"Data Source={_database}")
                .With("Smart:RedirectUri", $"{AppUrl}/smart/callback")
                .With("Smart:FrameAncestors:0", $"https://ehr.test:{_ehrPort}");
            _instances.Add(factory);
            factory.UseKestrel(kestrel =>
                kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(Certificate.Value))
            );
            factory.StartServer();
        }

        _hosts.Add(
            await StartHostAsync(_ehrPort, app =>
                app.MapGet("/chart", (string app) =>
                    Results.Content(
                        $$"""
                        <!DOCTYPE html>
                        <html lang="en"><head><meta charset="utf-8"><title>EHR chart</title>
                        <style>body{margin:0;font:14px sans-serif}
                        header{background:#5a2d82;color:#fff;padding:8px 16px}
                        iframe{border:0;width:100%;height:1500px;display:block}</style></head>
                        <body><header>EHR · Beatrix Renner · order-select</header>
                        <iframe name="app" title="Coverage review (SMART app)" src="{{WebUtility.HtmlEncode(
                            app
                        )}}"></iframe></body></html>
                        """,
                        "text/html"
                    )
                )
            )
        );
        if (instances > 1)
            _hosts.Add(await StartHostAsync(proxyPort, app => app.Run(context => ProxyAsync(context, appPorts))));
    }

    /// <summary>
    /// A load balancer without affinity: each SMART step goes to the next instance in turn (the stylesheet always
    /// to the first, so the order of steps is deterministic).
    /// </summary>
    private async Task ProxyAsync(HttpContext context, IReadOnlyList<int> ports)
    {
        var path = context.Request.Path.Value ?? "/";
        var instance = path is "/smart/app.css" or "/favicon.ico"
            ? 0
            : Interlocked.Increment(ref _nextStep) % ports.Count;
        if (path is not ("/smart/app.css" or "/favicon.ico"))
            Steps.Enqueue((path, instance));

        using var request = new HttpRequestMessage(
            new HttpMethod(context.Request.Method),
            $"https://127.0.0.1:{ports[instance]}{path}{context.Request.QueryString}"
        );
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            request.Content = new StreamContent(context.Request.Body);
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name is "Connection" or "Keep-Alive" or "Transfer-Encoding")
                continue;
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        using var response = await ProxyClient.SendAsync(
            request,
            HttpCompletionOption.ResponseHeadersRead,
            context.RequestAborted
        );
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name is not ("Transfer-Encoding" or "Connection"))
                context.Response.Headers[name] = values.ToArray();
        }
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static readonly HttpClient ProxyClient = new(
        new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        }
    );

    private static async Task<WebApplication> StartHostAsync(int port, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(Certificate.Value))
        );
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        names.AddDnsName("*.test");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(
            new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)
        );
        using var certificate = request.CreateSelfSigned(
            DateTimeOffset.UtcNow.AddMinutes(-5),
            DateTimeOffset.UtcNow.AddDays(1)
        );
        // Re-imported from PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        _playwright?.Dispose();
        foreach (var host in _hosts)
            await host.DisposeAsync();
        foreach (var instance in _instances)
            await instance.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
            File.Delete(file);
    }
}
