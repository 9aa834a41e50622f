using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.Web.Assertions;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Feedback;
using CryoCdsHooks.Web.Health;
using CryoCdsHooks.Web.Hooks;
using CryoCdsHooks.Web.Hosting;
using CryoCdsHooks.Web.Persistence;
using CryoCdsHooks.Web.Security;
using CryoCdsHooks.Web.Smart;
using CryoCdsHooks.Web.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddOptions<CdsServiceOptions>()
    .Bind(builder.Configuration.GetSection(CdsServiceOptions.Section))
    .ValidateDataAnnotations()
    .ValidateOnStart();

builder.Services.AddOptions<PayerOptions>()
    .Bind(builder.Configuration.GetSection(PayerOptions.Section))
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton(sp => new PayerIdentity(sp.GetRequiredService<IOptions<PayerOptions>>().Value));

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(PolicyTerminology.Instance);
builder.Services.AddSingleton<IPolicyEngine, Policy260Engine>();
builder.Services.AddSingleton(sp => new PrefetchTemplateCatalog(sp.GetRequiredService<PolicyTerminology>().ObservationCodes()));
builder.Services.AddFhirAccess(builder.Configuration);

builder.Services.AddSingleton<JsonRequestBody>();
builder.Services.AddSingleton<HookRequestReader>();
builder.Services.AddScoped<AuditLog>();
builder.Services.AddScoped<HookPipeline>();
builder.Services.AddSingleton<AuditWriter>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
builder.Services.AddAuditDatabase(builder.Configuration);
builder.Services.AddCryoTelemetry(builder.Configuration);

builder.Services.AddSingleton<WarmupState>();
builder.Services.AddHostedService<Warmup>();
builder.Services.AddHealthChecks().AddCheck<WarmupHealthCheck>("warmup", tags: ["ready"]);

builder.Services.AddOpenApi();
builder.Services.AddCors();
builder.Services.AddCdsClientSecurity(builder.Configuration);
builder.Services.AddSmartApp(builder.Configuration);

var app = builder.Build();

var corsOrigins = app.Services.GetRequiredService<IOptions<CdsServiceOptions>>().Value.CorsAllowedOrigins;
if (corsOrigins.Length > 0)
{
    app.UseCors(cors => cors.WithOrigins(corsOrigins).WithMethods("GET", "POST", "OPTIONS")
        .WithHeaders("Authorization", "Content-Type", "Accept"));
}

app.UseCdsClientSecurity();

app.MapOpenApi();
app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
// Discovery, hooks and feedback: CDS Hooks §Trusting CDS Clients (JWT) and a per-client rate limit.
var cdsEndpoints = app.MapGroup("").RequireCdsClient();
cdsEndpoints.MapDiscovery();
cdsEndpoints.MapHooks();
cdsEndpoints.MapFeedback();
cdsEndpoints.MapCoverageAssertions();

// SMART app launched from coverage cards: browser routes under /smart, no CDS client JWT.
app.MapSmartApp();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
