using System.Runtime.InteropServices;
using System.Text.Json;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hosting;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// Turns a parsed request body into a <see cref="HookRequest"/>, or the list of everything wrong with it.
/// Unknown fields are ignored (CRD found-33); the fields CDS Hooks 2.0 requires are checked.
/// </summary>
public sealed class HookRequestReader
{
    /// <summary>
    /// Entries one prefetch Bundle may hold: far above a real record (hundreds of Conditions and Observations) and
    /// about what fits in the 8 MiB body limit; counted before the FHIR parser spends seconds on more.
    /// </summary>
    public const int MaxPrefetchBundleEntries = 10_000;

    public (HookRequest? Request, IReadOnlyList<RequestIssue> Issues) Read(JsonElement root, HookKind service)
    {
        var issues = new List<RequestIssue>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, [new RequestIssue("structure", "$", "The request body must be a JSON object.")]);
        }

        var hook = JsonFields.Required(root, "hook", issues);
        if (hook is not null && hook != service.Hook)
        {
            issues.Add(
                new("invalid", "hook", $"Service '{service.ServiceId}' answers '{service.Hook}', not '{hook}'.")
            );
        }

        var hookInstanceText = JsonFields.Required(root, "hookInstance", issues);
        var hookInstance = Guid.Empty;
        if (hookInstanceText is not null && !Guid.TryParse(hookInstanceText, out hookInstance))
        {
            issues.Add(new("invalid", "hookInstance", "hookInstance must be a UUID."));
        }

        var (fhirServer, accessToken) = ReadFhirAccess(root, issues);

        string? userId = null,
            patientId = null,
            encounterId = null;
        var content = new HookContextContent();
        var notes = new List<string>();
        if (!root.TryGetProperty("context", out var context) || context.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new("required", "context", "context must be an object."));
        }
        else
        {
            var reader = new ContextReader(context, issues, notes);
            userId = service.RequiresUser ? reader.Required("userId") : reader.Optional("userId");
            patientId = reader.Required("patientId");
            encounterId = service.RequiresEncounter ? reader.Required("encounterId") : reader.Optional("encounterId");
            content = service.ReadContext(reader);
        }

        var prefetch = ReadPrefetch(root, issues);
        var configuration = CrdConfiguration.From(
            root.TryGetProperty("extension", out var ext)
            && ext.ValueKind == JsonValueKind.Object
            && ext.TryGetProperty("davinci-crd.configuration", out var config)
                ? config
                : null
        );

        if (issues.Count > 0)
            return (null, issues);
        return (
            new HookRequest
            {
                Kind = service,
                HookInstance = hookInstance,
                FhirServer = fhirServer,
                AccessToken = accessToken,
                UserId = userId,
                PatientId = patientId!,
                EncounterId = encounterId,
                Content = content,
                Prefetch = prefetch,
                Configuration = configuration,
                Notes = notes,
            },
            issues
        );
    }

    private static (Uri? Server, string? Token) ReadFhirAccess(JsonElement root, List<RequestIssue> issues)
    {
        Uri? server = null;
        var serverText = JsonFields.Optional(root, "fhirServer", issues);
        if (
            serverText is not null
            && (!Uri.TryCreate(serverText, UriKind.Absolute, out server) || server.Scheme is not ("http" or "https"))
        )
        {
            issues.Add(new("invalid", "fhirServer", "fhirServer must be an absolute http(s) URL."));
            server = null;
        }

        if (!root.TryGetProperty("fhirAuthorization", out var auth) || auth.ValueKind == JsonValueKind.Null)
            return (server, null);
        if (auth.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new("invalid", "fhirAuthorization", "fhirAuthorization must be an object."));
            return (server, null);
        }

        if (serverText is null)
            issues.Add(new("required", "fhirServer", "fhirServer is required when fhirAuthorization is present."));
        var token = JsonFields.Required(auth, "access_token", issues, "fhirAuthorization.");
        var tokenType = JsonFields.Required(auth, "token_type", issues, "fhirAuthorization.");
        if (tokenType is not null && !tokenType.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            issues.Add(new("invalid", "fhirAuthorization.token_type", "token_type must be 'Bearer'."));
        }
        return (server, token);
    }

    private static Dictionary<string, JsonElement>? ReadPrefetch(JsonElement root, List<RequestIssue> issues)
    {
        if (!root.TryGetProperty("prefetch", out var prefetch) || prefetch.ValueKind == JsonValueKind.Null)
            return null;
        if (prefetch.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new("invalid", "prefetch", "prefetch must be an object of key to FHIR resource (or null)."));
            return null;
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in prefetch.EnumerateObject())
        {
            if (property.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                issues.Add(
                    new("invalid", $"prefetch.{property.Name}", "A prefetch value must be a FHIR resource or null.")
                );
                continue;
            }
            if (
                property.Value.ValueKind == JsonValueKind.Object
                && property.Value.TryGetProperty("entry", out var entries)
                && entries.ValueKind == JsonValueKind.Array
                && entries.GetArrayLength() > MaxPrefetchBundleEntries
            )
            {
                issues.Add(
                    new(
                        "too-costly",
                        $"prefetch.{property.Name}.entry",
                        $"A prefetch Bundle may hold at most {MaxPrefetchBundleEntries} entries."
                    )
                );
                continue;
            }
            // No copy: the request document outlives the hook call that reads these values.
            values[property.Name] = property.Value;
        }
        return values;
    }
}
