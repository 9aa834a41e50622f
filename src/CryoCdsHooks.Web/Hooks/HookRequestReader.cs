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
    /// <summary>More draft orders than any order-sign carries; larger Bundles are refused unparsed.</summary>
    public const int MaxDraftOrderEntries = 1000;

    /// <summary>
    /// Entries one prefetch Bundle may hold: far above a real record (hundreds of Conditions and Observations) and
    /// about what fits in the 8 MiB body limit; counted before the FHIR parser spends seconds on more.
    /// </summary>
    public const int MaxPrefetchBundleEntries = 10_000;

    public (HookRequest? Request, IReadOnlyList<RequestIssue> Issues) Read(
        JsonElement root,
        CdsServiceDefinition service
    )
    {
        var issues = new List<RequestIssue>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, [new RequestIssue("structure", "$", "The request body must be a JSON object.")]);
        }

        var hook = RequiredString(root, "hook", issues);
        if (hook is not null && hook != service.Hook)
        {
            issues.Add(new("invalid", "hook", $"Service '{service.Id}' answers '{service.Hook}', not '{hook}'."));
        }

        var hookInstanceText = RequiredString(root, "hookInstance", issues);
        var hookInstance = Guid.Empty;
        if (hookInstanceText is not null && !Guid.TryParse(hookInstanceText, out hookInstance))
        {
            issues.Add(new("invalid", "hookInstance", "hookInstance must be a UUID."));
        }

        var (fhirServer, accessToken) = ReadFhirAccess(root, issues);

        string? userId = null,
            patientId = null,
            encounterId = null;
        IReadOnlyList<DraftOrder> drafts = [];
        var notes = new List<string>();
        IReadOnlyList<string>? selections = null;
        if (!root.TryGetProperty("context", out var context) || context.ValueKind != JsonValueKind.Object)
        {
            issues.Add(new("required", "context", "context must be an object."));
        }
        else
        {
            userId = RequiredString(context, "userId", issues, "context.");
            patientId = RequiredString(context, "patientId", issues, "context.");
            encounterId = OptionalString(context, "encounterId", issues, "context.");
            drafts = ReadDraftOrders(context, issues, notes);
            if (service.Hook == "order-select")
                selections = ReadSelections(context, drafts, issues);
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
                Hook = hook!,
                HookInstance = hookInstance,
                FhirServer = fhirServer,
                AccessToken = accessToken,
                UserId = userId!,
                PatientId = patientId!,
                EncounterId = encounterId,
                DraftOrders = drafts,
                Selections = selections,
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
        var serverText = OptionalString(root, "fhirServer", issues);
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
        var token = RequiredString(auth, "access_token", issues, "fhirAuthorization.");
        var tokenType = RequiredString(auth, "token_type", issues, "fhirAuthorization.");
        if (tokenType is not null && !tokenType.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            issues.Add(new("invalid", "fhirAuthorization.token_type", "token_type must be 'Bearer'."));
        }
        return (server, token);
    }

    private static List<DraftOrder> ReadDraftOrders(JsonElement context, List<RequestIssue> issues, List<string> notes)
    {
        if (
            !context.TryGetProperty("draftOrders", out var draftOrders)
            || draftOrders.ValueKind != JsonValueKind.Object
        )
        {
            issues.Add(new("required", "context.draftOrders", "context.draftOrders must be a FHIR Bundle."));
            return [];
        }

        // Firely would parse every entry before we could count them: a huge Bundle costs seconds of CPU.
        if (
            draftOrders.TryGetProperty("entry", out var entries)
            && entries.ValueKind == JsonValueKind.Array
            && entries.GetArrayLength() > MaxDraftOrderEntries
        )
        {
            issues.Add(
                new(
                    "too-costly",
                    "context.draftOrders.entry",
                    $"context.draftOrders may hold at most {MaxDraftOrderEntries} entries."
                )
            );
            return [];
        }

        if (
            !FhirJson.TryParse(
                JsonMarshal.GetRawUtf8Value(draftOrders),
                out var resource,
                out var error,
                out var absent
            ) || resource is not Bundle bundle
        )
        {
            var reason = resource is not null and not Bundle ? $"it is a {resource.TypeName}" : error;
            issues.Add(
                new("invalid", "context.draftOrders", $"context.draftOrders is not a valid FHIR Bundle: {reason}")
            );
            return [];
        }

        if (absent.Count > 0)
            notes.Add($"context.draftOrders: empty or null members read as absent: {string.Join(", ", absent)}.");

        var orders = new List<DraftOrder>();
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            // One behaviour for every Bundle: an entry of a type this FHIR version does not know is skipped and
            // noted (it cannot be an order of ours), as in prefetch and search results.
            if (bundle.Entry[i].Resource is DynamicResource unknown)
            {
                notes.Add($"context.draftOrders.entry[{i}]: unknown resource type '{unknown.TypeName}' skipped.");
                continue;
            }
            if (bundle.Entry[i].Resource is not ServiceRequest request)
                continue;
            if (string.IsNullOrEmpty(request.Id))
            {
                issues.Add(
                    new(
                        "required",
                        $"context.draftOrders.entry[{i}].resource.id",
                        "Every draft ServiceRequest needs an id."
                    )
                );
                continue;
            }
            // Keep each ServiceRequest's original JSON so the systemAction echoes it unchanged (CRD resp-37).
            orders.Add(new DraftOrder(request, OriginalJson(entries, i, request)));
        }

        return WithoutRepeats(orders, issues, notes);
    }

    /// <summary>
    /// The same order listed twice, identical, is one order (a client that sends the Bundle entry twice);
    /// copies that differ are an error, since we cannot tell which one is meant.
    /// </summary>
    private static List<DraftOrder> WithoutRepeats(
        List<DraftOrder> orders,
        List<RequestIssue> issues,
        List<string> notes
    )
    {
        var distinct = new List<DraftOrder>();
        foreach (var group in orders.GroupBy(o => o.Resource.Id, StringComparer.Ordinal))
        {
            var first = group.First();
            if (group.Skip(1).Any(copy => !JsonElement.DeepEquals(copy.Json, first.Json)))
            {
                issues.Add(
                    new(
                        "invalid",
                        "context.draftOrders",
                        $"ServiceRequest id '{group.Key}' appears more than once with different content."
                    )
                );
                continue;
            }
            if (group.Count() > 1)
                notes.Add(
                    $"context.draftOrders: ServiceRequest/{group.Key} was listed {group.Count()} times, identically; "
                        + "answered once."
                );
            distinct.Add(first);
        }
        return distinct;
    }

    // The JSON as received; only when the tolerant reading dropped a null entry (indexes shift) the parsed copy.
    private static JsonElement OriginalJson(JsonElement entries, int index, ServiceRequest parsed) =>
        entries.ValueKind == JsonValueKind.Array
        && entries.GetArrayLength() > index
        && entries[index].ValueKind == JsonValueKind.Object
        && entries[index].TryGetProperty("resource", out var original)
        && original.ValueKind == JsonValueKind.Object
        && original.TryGetProperty("id", out var id)
        && id.ValueKind == JsonValueKind.String
        && id.GetString() == parsed.Id
            ? original
            : JsonDocument.Parse(parsed.ToJson()).RootElement;

    private static List<string>? ReadSelections(
        JsonElement context,
        IReadOnlyList<DraftOrder> drafts,
        List<RequestIssue> issues
    )
    {
        if (!context.TryGetProperty("selections", out var selections) || selections.ValueKind != JsonValueKind.Array)
        {
            issues.Add(
                new(
                    "required",
                    "context.selections",
                    "order-select requires context.selections, an array of references."
                )
            );
            return null;
        }

        // A selection names a draft order, so there are never more selections than draft orders may be.
        if (selections.GetArrayLength() > MaxDraftOrderEntries)
        {
            issues.Add(
                new(
                    "too-costly",
                    "context.selections",
                    $"context.selections may hold at most {MaxDraftOrderEntries} entries."
                )
            );
            return null;
        }

        var references = new List<string>();
        foreach (var item in selections.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                issues.Add(new("invalid", "context.selections", "Each selection must be a 'Type/id' string."));
                return null;
            }
            references.Add(item.GetString()!);
        }

        // Selections of other request types (e.g. MedicationRequest) are not ours to evaluate, but they must exist.
        foreach (var reference in references.Where(r => r.StartsWith("ServiceRequest/", StringComparison.Ordinal)))
        {
            if (drafts.All(d => d.Reference != reference))
            {
                issues.Add(
                    new("invalid", "context.selections", $"Selection '{reference}' is not in context.draftOrders.")
                );
            }
        }
        return references;
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

    private static string? RequiredString(JsonElement parent, string name, List<RequestIssue> issues, string path = "")
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            issues.Add(new("required", path + name, $"{path}{name} is required."));
            return null;
        }
        return StringValue(value, path + name, issues);
    }

    private static string? OptionalString(
        JsonElement parent,
        string name,
        List<RequestIssue> issues,
        string path = ""
    ) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? StringValue(value, path + name, issues)
            : null;

    private static string? StringValue(JsonElement value, string path, List<RequestIssue> issues)
    {
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            issues.Add(new("invalid", path, $"{path} must be a non-empty string."));
            return null;
        }
        return value.GetString();
    }
}
