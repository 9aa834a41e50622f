using System.Text.Json;
using CryoCdsHooks.Web.Hosting;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// String members of a request body, each wrong one reported as a <see cref="RequestIssue"/> at its path.
/// </summary>
internal static class JsonFields
{
    public static string? Required(JsonElement parent, string name, List<RequestIssue> issues, string path = "")
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            issues.Add(new("required", path + name, $"{path}{name} is required."));
            return null;
        }
        return StringValue(value, path + name, issues);
    }

    public static string? Optional(JsonElement parent, string name, List<RequestIssue> issues, string path = "") =>
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
