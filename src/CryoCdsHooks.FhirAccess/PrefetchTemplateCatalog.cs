using System.Collections.ObjectModel;
using System.Text;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// The service's prefetch templates: the single source for the discovery document and for the queries this
/// project runs when a key was not prefetched. Templates use only CDS Hooks 2.0 simple tokens.
/// </summary>
public sealed class PrefetchTemplateCatalog
{
    public const string PatientKey = "patient";
    public const string EncounterKey = "encounter";
    public const string CoverageKey = "coverage";
    public const string ConditionsKey = "conditions";
    public const string ObservationsKey = "observations";
    public const string ProceduresKey = "procedures";
    public const string DiagnosticReportsKey = "diagnosticReports";
    public const string QuestionnaireResponsesKey = "questionnaireResponses";

    private const string PatientIdToken = "{{context.patientId}}";
    private const string EncounterIdToken = "{{context.encounterId}}";

    /// <param name="observationCodes">
    /// The Observation codes the policy reads (from the engine's terminology catalog). They become the
    /// <c>code</c> filter of the <c>observations</c> template; with none, the template asks for all Observations.
    /// </param>
    public PrefetchTemplateCatalog(IEnumerable<Coding> observationCodes)
    {
        ArgumentNullException.ThrowIfNull(observationCodes);
        var codeFilter = string.Join(
            ",",
            observationCodes
                .Where(coding => !string.IsNullOrEmpty(coding.Code))
                .Select(FormatTokenSearchValue)
                .Distinct(StringComparer.Ordinal)
        );
        ReadObservationCodes = observationCodes
            .Where(coding => !string.IsNullOrWhiteSpace(coding.Code))
            .Select(coding => ObservationFilter.LooseCode(coding.Code!))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var observationsTemplate =
            $"Observation?patient={PatientIdToken}" + (codeFilter.Length > 0 ? $"&code={codeFilter}" : "");

        Definitions =
        [
            new(PatientKey, $"Patient/{PatientIdToken}", typeof(Patient), IsRead: true, NeededByPolicy: false),
            new(EncounterKey, $"Encounter/{EncounterIdToken}", typeof(Encounter), IsRead: true),
            new(CoverageKey, $"Coverage?patient={PatientIdToken}&status=active", typeof(Coverage), IsRead: false),
            new(ConditionsKey, $"Condition?patient={PatientIdToken}", typeof(Condition), IsRead: false),
            new(ObservationsKey, observationsTemplate, typeof(Observation), IsRead: false),
            new(ProceduresKey, $"Procedure?patient={PatientIdToken}", typeof(Procedure), IsRead: false),
            // Reports add evidence but no criterion needs one: a client that sends none gets no 412 for them.
            new(
                DiagnosticReportsKey,
                $"DiagnosticReport?patient={PatientIdToken}&status=final,amended,corrected,appended",
                typeof(DiagnosticReport),
                IsRead: false,
                NeededByPolicy: false
            ),
            // DTR answers to our Questionnaires (docs/data-conventions.md): evidence when given, never demanded.
            new(
                QuestionnaireResponsesKey,
                $"QuestionnaireResponse?subject={PatientIdToken}&status=completed,amended",
                typeof(QuestionnaireResponse),
                IsRead: false,
                NeededByPolicy: false
            ),
        ];

        var templates = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var definition in Definitions)
        {
            templates.Add(definition.Key, definition.Template);
        }

        Templates = new ReadOnlyDictionary<string, string>(templates);
    }

    /// <summary>
    /// Prefetch key → template, in a stable order, ready for the discovery document's <c>prefetch</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Templates { get; }

    internal IReadOnlyList<PrefetchKeyDefinition> Definitions { get; }

    /// <summary>
    /// The codes of the <c>code</c> filter, loosely normalized; empty when the template asks for all.
    /// </summary>
    internal IReadOnlySet<string> ReadObservationCodes { get; }

    /// <summary>
    /// Fills the template's tokens, giving a URL relative to the FHIR server base; searches also ask for
    /// <paramref name="pageSize"/> results per page (<c>_count</c>), fewer round trips than a server's default.
    /// </summary>
    internal static string ResolveQuery(
        PrefetchKeyDefinition definition,
        string patientId,
        string? encounterId,
        int pageSize
    )
    {
        var query = definition
            .Template.Replace(PatientIdToken, Uri.EscapeDataString(patientId), StringComparison.Ordinal)
            .Replace(EncounterIdToken, Uri.EscapeDataString(encounterId ?? ""), StringComparison.Ordinal);
        return definition.IsRead ? query : $"{query}&_count={pageSize}";
    }

    // FHIR token search value "system|code": backslash-escape the search syntax characters inside each part,
    // then percent-encode whatever else would break a query string, keeping URLs like http://loinc.org readable.
    private static string FormatTokenSearchValue(Coding coding)
    {
        var code = EscapeForQuery(EscapeSearchValue(coding.Code ?? ""));
        return coding.System is null ? code : $"{EscapeForQuery(EscapeSearchValue(coding.System))}|{code}";
    }

    private static string EscapeSearchValue(string value) =>
        value
            .Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace(",", @"\,", StringComparison.Ordinal)
            .Replace("|", @"\|", StringComparison.Ordinal)
            .Replace("$", @"\$", StringComparison.Ordinal);

    private static string EscapeForQuery(string value)
    {
        var builder = new StringBuilder(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || "-._~:/@".Contains((char)rune.Value)))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
