using System.Text.Json;
using System.Text.Json.Serialization;

namespace CryoCdsHooks.Web.Metrics;

/// <summary>FHIR JSON conventions: camelCase element names, empty elements left out.</summary>
public static class CrdMetricJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
