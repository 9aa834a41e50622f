using System.Runtime.InteropServices;
using System.Text.Json;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.Web.Hosting;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// Reads the members of one request's <c>context</c> for a <see cref="HookKind"/>: strings, reference lists and
/// FHIR Bundles, each wrong member reported as an issue at its path, each deviation read past as a note.
/// </summary>
public sealed class ContextReader(JsonElement context, List<RequestIssue> issues, List<string> notes)
{
    /// <summary>
    /// More entries than any context Bundle (draft orders, appointments) carries; larger ones are refused unparsed.
    /// </summary>
    public const int MaxContextEntries = 1000;

    public List<RequestIssue> Issues => issues;

    public string? Required(string name) => JsonFields.Required(context, name, issues, "context.");

    public string? Optional(string name) => JsonFields.Optional(context, name, issues, "context.");

    /// <summary>
    /// A context member that is an array of "Type/id" strings; null (and an issue if required) otherwise.
    /// </summary>
    public List<string>? References(string name, bool required)
    {
        if (!context.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
                issues.Add(new("required", $"context.{name}", $"context.{name} is required."));
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            issues.Add(new("invalid", $"context.{name}", $"context.{name} must be an array of references."));
            return null;
        }
        if (value.GetArrayLength() > MaxContextEntries)
        {
            issues.Add(
                new("too-costly", $"context.{name}", $"context.{name} may hold at most {MaxContextEntries} entries.")
            );
            return null;
        }
        var references = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                issues.Add(
                    new("invalid", $"context.{name}", $"Each entry of context.{name} must be a 'Type/id' string.")
                );
                return null;
            }
            references.Add(item.GetString()!);
        }
        return references;
    }

    /// <summary>
    /// Every resource of type <typeparamref name="T"/> in the context Bundle <paramref name="name"/>, with its JSON as
    /// received. Each needs an id (the systemAction names it); entries of other types are skipped, or, when
    /// <paramref name="onlyOfType"/> (a Bundle CDS Hooks defines as holding nothing else), an issue.
    /// </summary>
    public List<ContextResource> BundleResources<T>(string name, bool required = true, bool onlyOfType = false)
        where T : Resource
    {
        var path = $"context.{name}";
        if (!context.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.Object)
        {
            if (required || (element.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null)))
                issues.Add(new("required", path, $"{path} must be a FHIR Bundle."));
            return [];
        }

        // Firely would parse every entry before we could count them: a huge Bundle costs seconds of CPU.
        if (
            element.TryGetProperty("entry", out var entries)
            && entries.ValueKind == JsonValueKind.Array
            && entries.GetArrayLength() > MaxContextEntries
        )
        {
            issues.Add(new("too-costly", $"{path}.entry", $"{path} may hold at most {MaxContextEntries} entries."));
            return [];
        }

        if (
            !FhirJson.TryParse(JsonMarshal.GetRawUtf8Value(element), out var resource, out var error, out var absent)
            || resource is not Bundle bundle
        )
        {
            var reason = resource is not null and not Bundle ? $"it is a {resource.TypeName}" : error;
            issues.Add(new("invalid", path, $"{path} is not a valid FHIR Bundle: {reason}"));
            return [];
        }

        if (absent.Count > 0)
            notes.Add($"{path}: empty or null members read as absent: {string.Join(", ", absent)}.");

        var found = new List<ContextResource>();
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            // One behaviour for every Bundle: an entry of a type this FHIR version does not know is skipped and
            // noted (it cannot be a resource of ours), as in prefetch and search results.
            if (bundle.Entry[i].Resource is DynamicResource unknown)
            {
                notes.Add($"{path}.entry[{i}]: unknown resource type '{unknown.TypeName}' skipped.");
                continue;
            }
            if (bundle.Entry[i].Resource is not T typed)
            {
                if (onlyOfType && bundle.Entry[i].Resource is { } other)
                {
                    var where = $"{path}.entry[{i}].resource";
                    issues.Add(new("invalid", where, $"{path} holds {typeof(T).Name}s only, not a {other.TypeName}."));
                }
                continue;
            }
            if (string.IsNullOrEmpty(typed.Id))
            {
                issues.Add(
                    new("required", $"{path}.entry[{i}].resource.id", $"Every {typeof(T).Name} in {path} needs an id.")
                );
                continue;
            }
            found.Add(new ContextResource(typed, OriginalJson(entries, i, typed)));
        }
        return WithoutRepeats(found, path);
    }

    /// <summary>
    /// The FHIR resources of a context member that is one resource (CRD 2.0.1 order-dispatch <c>task</c>) or an
    /// array of them (<c>fulfillmentTasks</c>); each must be a <typeparamref name="T"/> with an id.
    /// </summary>
    public List<ContextResource> Resources<T>(string name)
        where T : Resource
    {
        if (!context.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
            return [];
        var items = element.ValueKind == JsonValueKind.Array ? [.. element.EnumerateArray()] : new[] { element };
        if (items.Length > MaxContextEntries)
        {
            issues.Add(new("too-costly", $"context.{name}", $"context.{name} may hold at most {MaxContextEntries}."));
            return [];
        }
        var found = new List<ContextResource>();
        foreach (var item in items)
        {
            if (
                item.ValueKind != JsonValueKind.Object
                || !FhirJson.TryParse(JsonMarshal.GetRawUtf8Value(item), out var resource, out _)
                || resource is not T typed
                || string.IsNullOrEmpty(typed.Id)
            )
            {
                issues.Add(new("invalid", $"context.{name}", $"context.{name} must hold {typeof(T).Name}s with ids."));
                return [];
            }
            found.Add(new ContextResource(typed, item));
        }
        return found;
    }

    /// <summary>
    /// The same resource listed twice, identical, is one resource (a client that sends the Bundle entry twice);
    /// copies that differ are an error, since we cannot tell which one is meant.
    /// </summary>
    private List<ContextResource> WithoutRepeats(List<ContextResource> resources, string path)
    {
        var distinct = new List<ContextResource>();
        foreach (var group in resources.GroupBy(r => r.Reference, StringComparer.Ordinal))
        {
            var first = group.First();
            if (group.Skip(1).Any(copy => !JsonElement.DeepEquals(copy.Json, first.Json)))
            {
                issues.Add(new("invalid", path, $"{group.Key} appears more than once with different content."));
                continue;
            }
            if (group.Count() > 1)
                notes.Add($"{path}: {group.Key} was listed {group.Count()} times, identically; answered once.");
            distinct.Add(first);
        }
        return distinct;
    }

    // The JSON as received; only when the tolerant reading dropped a null entry (indexes shift) the parsed copy.
    private static JsonElement OriginalJson(JsonElement entries, int index, Resource parsed) =>
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
}
