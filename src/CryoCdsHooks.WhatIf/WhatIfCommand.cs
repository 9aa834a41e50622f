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

        string json;
        try
        {
            json = options.Bundle is null or "-" ? await stdin.ReadToEndAsync() : await File.ReadAllTextAsync(options.Bundle);
        }
        catch (IOException e)
        {
            await stderr.WriteLineAsync($"cannot read {options.Bundle}: {e.Message}");
            return InvalidInput;
        }

        using var document = ParseJson(json, out var jsonError);
        if (document is null)
        {
            await stderr.WriteLineAsync($"the bundle is not JSON: {jsonError}");
            return InvalidInput;
        }

        PatientRecord record;
        IReadOnlyList<Resource> resources;
        try
        {
            (record, resources) = await LoadAsync(document.RootElement);
        }
        catch (InvalidPrefetchException e)
        {
            await stderr.WriteLineAsync($"the bundle is not FHIR R4 the service can read: {e.Message}");
            return InvalidInput;
        }

        var order = Order(options.Cpt, options.Date, record, resources);
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
        await stdout.WriteAsync(options.Json
            ? WhatIfReport.Json(options.Cpt, options.Date, order, determination)
            : WhatIfReport.Text(options.Cpt, options.Date, order, determination));
        return Ok;
    }

    private sealed record Options(string? Bundle, string Cpt, DateOnly Date, bool Json);

    private static Options? ParseArguments(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || args[i] is not ("--bundle" or "--cpt" or "--date" or "--format")) return null;
            values[args[i]] = args[i + 1];
        }
        var format = values.GetValueOrDefault("--format", "text");
        if (!values.TryGetValue("--cpt", out var cpt) || cpt.Length == 0 || format is not ("text" or "json")
            || !values.TryGetValue("--date", out var dateText)
            || !DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return null;
        }
        return new Options(values.GetValueOrDefault("--bundle"), cpt, date, format == "json");
    }

    private static JsonDocument? ParseJson(string json, out string error)
    {
        try
        {
            error = "";
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            error = $"line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}";
            return null;
        }
    }

    /// <summary>The Bundle offered as the value of every prefetch key: the service's own prefetch reading builds the record.</summary>
    private static async Task<(PatientRecord Record, IReadOnlyList<Resource> Resources)> LoadAsync(JsonElement bundle)
    {
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddFhirAccess(new ConfigurationBuilder().Build(), _ => PolicyTerminology.Instance.ObservationCodes())
            .BuildServiceProvider();
        var prefetch = services.GetRequiredService<PrefetchTemplateCatalog>().Templates.Keys.ToDictionary(key => key, _ => bundle);
        var patientId = FhirJson.TryParse(Encoding.UTF8.GetBytes(bundle.GetRawText()), out var parsed, out _)
            ? AllResources(parsed).OfType<Patient>().FirstOrDefault()?.Id ?? "unknown" : "unknown";
        // A local file: no hook is waiting, so no deadline.
        using var unbounded = HookDeadline.Unbounded();
        var loaded = await services.GetRequiredService<IPatientRecordLoader>()
            .LoadAsync(new HookDataRequest(patientId, null, prefetch, null, null, null), unbounded);
        return (loaded.Record, parsed is null ? [] : AllResources(parsed));
    }

    private static IReadOnlyList<Resource> AllResources(Resource resource) =>
        resource is Bundle bundle ? bundle.Entry.Select(e => e.Resource).OfType<Resource>().ToList() : [resource];

    /// <summary>
    /// A ServiceRequest in the Bundle with this CPT code keeps its reason and body site (which tumour, which side);
    /// otherwise a bare order is made. Either way the date is the one asked about.
    /// </summary>
    private static ServiceRequest Order(string cpt, DateOnly date, PatientRecord record, IReadOnlyList<Resource> resources)
    {
        var order = resources.OfType<ServiceRequest>().FirstOrDefault(s => s.Code?.Coding.Any(c => c.Code == cpt) == true)
            ?.DeepCopy() as ServiceRequest ?? new ServiceRequest
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
