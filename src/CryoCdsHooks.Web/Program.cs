using CryoCdsHooks.Web.Assertions;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Dtr;
using CryoCdsHooks.Web.Feedback;
using CryoCdsHooks.Web.Health;
using CryoCdsHooks.Web.Hooks;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Metrics;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Security;
using CryoCdsHooks.Web.Smart;
using CryoCdsHooks.Web.Telemetry;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddCdsHosting(builder.Configuration);
builder.Services.AddHooks(builder.Configuration);
builder.Services.AddAuditDatabase(builder.Configuration);
builder.Services.AddCryoTelemetry(builder.Configuration);
builder.Services.AddReadiness();
builder.Services.AddCrdMetrics(builder.Configuration);
builder.Services.AddOpenApi();
builder.Services.AddCdsClientSecurity(builder.Configuration);
builder.Services.AddSmartApp(builder.Configuration);
builder.Services.AddDtr();

var app = builder.Build();

// Every setting is checked here, before the host starts: a bad one stops the start with its validation error, the
// same way every time. Left to Host.StartAsync, the failed host is disposed while a caller that is still
// starting it (WebApplicationFactory) may reach into its services and get an ObjectDisposedException instead.
app.Services.GetRequiredService<IStartupValidator>().Validate();

app.UseCdsHosting();
app.UseCdsCors();
app.UseCdsClientSecurity();

app.MapOpenApi();
app.MapReadiness();

// Discovery, hooks and feedback: CDS Hooks §Trusting CDS Clients (JWT) and a per-client rate limit.
var cdsEndpoints = app.MapGroup("").RequireCdsClient();
cdsEndpoints.MapDiscovery();
cdsEndpoints.MapHooks();
cdsEndpoints.MapFeedback();
cdsEndpoints.MapCoverageAssertions();
cdsEndpoints.MapCrdMetrics();

// Da Vinci DTR payer operations under /fhir: the same trusted CDS clients (docs/dtr.md).
app.MapDtr();

// SMART app launched from coverage cards: browser routes under /smart, no CDS client JWT.
app.MapSmartApp();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
