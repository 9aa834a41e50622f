using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Versions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CryoCdsHooks.WhatIf;

/// <summary>
/// <c>cryo-whatif --bundle patient.json --cpt 50593 --date 2026-11-20 [--format text|json]</c>: what Medical Policy
/// 260 says about that order for that patient on that date. The Bundle is read the way the service reads prefetch
/// and judged by the service's engine (the policy edition in force on the date).
/// </summary>
public static class WhatIfCommand
{
    public const int Ok = 0;
    public const int InvalidInput = 1;
    public const int Usage = 2;

    private const string CptSystem = "http://www.ama-assn.org/go/cpt";

    private const string UsageText = """
        usage: cryo-whatif [--bundle <file>|-] --cpt <code> --date <yyyy-MM-dd> [--format text|json]
          --bundle  a FHIR R4 Bundle (or one resource) of the patient; '-' or absent: read stdin
          --cpt     the CPT code of the cryoablation order
          --date    the order's date of service; the policy edition in force on it applies
          --format  text (default) or json
        """;

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (ParseArguments(args) is not { } options)
        {
            await stderr.WriteLineAsync(UsageText);
            return Usage;
        }

        var (json, readError) = await ReadBundleAsync(options.Bundle, stdin);
        if (json is null)
        {
            await stderr.WriteLineAsync(readError);
            return InvalidInput;
        }

        using var document = ParseJson(json, out var jsonError);
        if (document is null)
        {
            await stderr.WriteLineAsync($"the bundle is not {jsonError}");
            return InvalidInput;
        }

        PatientRecord record;
        try
        {
            record = await LoadAsync(document.RootElement);
        }
        catch (InvalidPrefetchException e)
        {
            await stderr.WriteLineAsync($"the bundle is not FHIR R4 the service can read: {e.Message}");
            return InvalidInput;
        }

        var order = Order(options.Cpt, options.Date, record);
        var engine = VersionedPolicyEngine.Policy260(PolicyTerminology.Instance);
        CoverageDetermination? determination;
        try
        {
            determination = engine.Evaluate([order], [order], record, options.Date).SingleOrDefault();
        }
        catch (CodedValidationException e)
        {
            await stderr.WriteLineAsync($"the bundle holds {FhirJson.LenientValueRead(e)}");
            return InvalidInput;
        }
        await stdout.WriteAsync(
            options.Json
                ? WhatIfReport.Json(options.Cpt, options.Date, order, determination)
                : WhatIfReport.Text(options.Cpt, options.Date, order, determination)
        );
        return Ok;
    }

    private sealed record Options(string? Bundle, string Cpt, DateOnly Date, bool Json);

    private static Options? ParseArguments(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || args[i] is not ("--bundle" or "--cpt" or "--date" or "--format"))
                return null;
            values[args[i]] = args[i + 1];
        }
        var format = values.GetValueOrDefault("--format", "text");
        if (
            !values.TryGetValue("--cpt", out var cpt)
            || cpt.Length == 0
            || format is not ("text" or "json")
            || !values.TryGetValue("--date", out var dateText)
            || !DateOnly.TryParseExact(
                dateText,
                "yyyy-MM-dd",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var date
            )
        )
        {
            return null;
        }
        return new Options(values.GetValueOrDefault("--bundle"), cpt, date, format == "json");
    }

    /// <summary>
    /// The most bytes of a Bundle read: the service's bound on the FHIR data of one hook
    /// (FhirAccess:MaxFetchedBytesPerHook). Reading stops there, so /dev/zero or a huge file costs no more.
    /// </summary>
    public static readonly int MaxBundleBytes = new FhirAccessOptions().MaxFetchedBytesPerHook;

    // The service's request reading (JsonRequestBody): bounded depth, no duplicate member names.
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = 64,
        AllowDuplicateProperties = false,
    };

    /// <summary>
    /// The Bundle's bytes, at most <see cref="MaxBundleBytes"/>, or a one-line reason it cannot be read.
    /// </summary>
    private static async Task<(byte[]? Json, string Error)> ReadBundleAsync(string? path, TextReader stdin)
    {
        var tooLarge = $"the bundle is larger than {MaxBundleBytes} bytes, the most the service reads for one hook";
        if (path is null or "-")
        {
            var text = new StringBuilder();
            var chunk = new char[64 * 1024];
            int read;
            while ((read = await stdin.ReadAsync(chunk)) > 0)
            {
                if (text.Length + read > MaxBundleBytes)
                    return (null, tooLarge);
                text.Append(chunk, 0, read);
            }
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            return bytes.Length > MaxBundleBytes ? (null, tooLarge) : (bytes, "");
        }

        if (Directory.Exists(path))
            return (null, $"cannot read {path}: it is a directory");
        try
        {
            await using var file = File.OpenRead(path);
            using var bytes = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = await file.ReadAsync(chunk)) > 0)
            {
                if (bytes.Length + read > MaxBundleBytes)
                    return (null, tooLarge);
                bytes.Write(chunk, 0, read);
            }
            return (bytes.ToArray(), "");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>
    /// The document when it is JSON the service would read as a FHIR resource, else why not (one line).
    /// </summary>
    private static JsonDocument? ParseJson(byte[] json, out string error)
    {
        JsonDocument document;
        try
        {
            // Before the parse, whose duplicate-name check would throw on such a name (as in JsonRequestBody).
            if (FhirJson.FirstInvalidText(json) is { } position)
            {
                error =
                    $"valid text: the string at byte {position} is invalid UTF-8 or an escaped lone UTF-16 surrogate "
                    + "(such as \\ud800)";
                return null;
            }

            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            error = $"JSON: line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}";
            return null;
        }

        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            error = "";
            return document;
        }

        document.Dispose();
        error = "a FHIR resource: the top level must be a JSON object";
        return null;
    }

    /// <summary>The Bundle read as prefetch: the service's own prefetch reading builds the record.</summary>
    private static async Task<PatientRecord> LoadAsync(JsonElement bundle)
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddFhirAccess(new ConfigurationBuilder().Build(), _ => PolicyTerminology.Instance.ObservationCodes())
            .BuildServiceProvider();
        var prefetch = Prefetch(services.GetRequiredService<PrefetchTemplateCatalog>().Templates, bundle);
        // A local file: no hook is waiting, so no deadline.
        using var unbounded = HookDeadline.Unbounded();
        var loaded = await services
            .GetRequiredService<IPatientRecordLoader>()
            .LoadAsync(
                new HookDataRequest(PatientId(bundle) ?? "unknown", null, prefetch, null, null, null),
                unbounded
            );
        return loaded.Record;
    }

    /// <summary>
    /// Each entry of the Bundle offered once, as the service would receive it: to the prefetch key of its resource type
    /// (a template's first segment, FHIR's <c>Type?query</c> / <c>Type/id</c>), every other entry (reference targets,
    /// outcomes, unknown types) to the first key. Offering the whole Bundle to every key parsed each entry once per
    /// key.
    /// A single resource is offered to every key, as it is.
    /// </summary>
    private static Dictionary<string, JsonElement> Prefetch(
        IReadOnlyDictionary<string, string> templates,
        JsonElement bundle
    )
    {
        if (
            !bundle.TryGetProperty("resourceType", out var rootType)
            || !rootType.ValueEquals("Bundle")
            || !bundle.TryGetProperty("entry", out var entries)
            || entries.ValueKind != JsonValueKind.Array
        )
        {
            return templates.Keys.ToDictionary(key => key, _ => bundle);
        }

        var keyOfType = templates
            .GroupBy(t => t.Value.Split('?', '/')[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        var byKey = templates.Keys.ToDictionary(key => key, _ => new List<JsonElement>(), StringComparer.Ordinal);
        var others = byKey[templates.Keys.First()];
        foreach (var entry in entries.EnumerateArray())
        {
            (ResourceType(entry) is { } type && keyOfType.TryGetValue(type, out var key) ? byKey[key] : others).Add(
                entry
            );
        }

        return byKey.ToDictionary(pair => pair.Key, pair => SubBundle(bundle, pair.Value), StringComparer.Ordinal);
    }

    private static string? ResourceType(JsonElement entry) =>
        entry.ValueKind == JsonValueKind.Object
        && entry.TryGetProperty("resource", out var resource)
        && resource.ValueKind == JsonValueKind.Object
        && resource.TryGetProperty("resourceType", out var type)
        && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;

    /// <summary>The Bundle with only these entries (no <c>entry</c> member when there are none).</summary>
    private static JsonElement SubBundle(JsonElement bundle, List<JsonElement> entries)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            foreach (var member in bundle.EnumerateObject().Where(m => !m.NameEquals("entry")))
                member.WriteTo(writer);
            if (entries.Count > 0)
            {
                writer.WriteStartArray("entry");
                foreach (var entry in entries)
                    entry.WriteTo(writer);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(output.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>The id of the Bundle's first Patient (or of the resource, if it is one).</summary>
    private static string? PatientId(JsonElement bundle)
    {
        var resources =
            bundle.TryGetProperty("entry", out var entries) && entries.ValueKind == JsonValueKind.Array
                ? entries
                    .EnumerateArray()
                    .Where(e => ResourceType(e) == "Patient")
                    .Select(e => e.GetProperty("resource"))
                : [bundle];
        return resources
            .Where(r => r.TryGetProperty("resourceType", out var t) && t.ValueEquals("Patient"))
            .Select(r =>
                r.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null
            )
            .FirstOrDefault(id => !string.IsNullOrEmpty(id));
    }

    /// <summary>
    /// A ServiceRequest in the Bundle with this CPT code keeps its reason and body site (which tumour, which side);
    /// otherwise a bare order is made. Either way the date is the one asked about.
    /// </summary>
    private static ServiceRequest Order(string cpt, DateOnly date, PatientRecord record)
    {
        var order =
            record
                .Included.OfType<ServiceRequest>()
                .FirstOrDefault(s => s.Code?.Coding.Any(c => c.Code == cpt) == true)
                ?.DeepCopy() as ServiceRequest
            ?? new ServiceRequest
            {
                Id = "what-if",
                Status = RequestStatus.Draft,
                Intent = RequestIntent.Order,
                Code = new CodeableConcept(CptSystem, cpt),
                Subject = new ResourceReference($"Patient/{record.Patient?.Id ?? "unknown"}"),
            };
        // The date asked about is the date of service, whatever the Bundle's order said.
        order.Occurrence = new FhirDateTime(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        order.AuthoredOn = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return order;
    }
}
