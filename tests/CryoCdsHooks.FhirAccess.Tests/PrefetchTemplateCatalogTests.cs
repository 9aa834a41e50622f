using Hl7.Fhir.Model;

namespace CryoCdsHooks.FhirAccess.Tests;

public sealed class PrefetchTemplateCatalogTests
{
    [Fact]
    public void Templates_use_only_cds_hooks_2_simple_tokens_in_a_stable_order()
    {
        var catalog = new PrefetchTemplateCatalog([
            new Coding("http://loinc.org", "98979-8"),
            new Coding("http://loinc.org", "33914-3"),
        ]);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["patient"] = "Patient/{{context.patientId}}",
                ["encounter"] = "Encounter/{{context.encounterId}}",
                ["coverage"] = "Coverage?patient={{context.patientId}}&status=active",
                ["conditions"] = "Condition?patient={{context.patientId}}",
                ["observations"] =
                    "Observation?patient={{context.patientId}}&code=http://loinc.org|98979-8,http://loinc.org|33914-3",
                ["procedures"] = "Procedure?patient={{context.patientId}}",
                ["diagnosticReports"] =
                    "DiagnosticReport?patient={{context.patientId}}&status=final,amended,corrected,appended",
                ["questionnaireResponses"] =
                    "QuestionnaireResponse?subject={{context.patientId}}&status=completed,amended",
            },
            catalog.Templates
        );
        Assert.Equal(
            [
                "patient",
                "encounter",
                "coverage",
                "conditions",
                "observations",
                "procedures",
                "diagnosticReports",
                "questionnaireResponses",
            ],
            catalog.Templates.Keys
        );
    }

    [Fact]
    public void Observation_template_without_codes_asks_for_all_observations()
    {
        var catalog = new PrefetchTemplateCatalog([]);

        Assert.Equal(
            "Observation?patient={{context.patientId}}",
            catalog.Templates[PrefetchTemplateCatalog.ObservationsKey]
        );
    }

    [Fact]
    public void Observation_codes_are_deduplicated_and_escaped_for_fhir_search_and_urls()
    {
        var catalog = new PrefetchTemplateCatalog([
            new Coding("http://loinc.org", "98979-8"),
            new Coding("http://loinc.org", "98979-8"),
            new Coding("urn:oid:1.2.3", "a,b|c&d"),
            new Coding(null, "bare"),
            new Coding("http://loinc.org", null),
        ]);

        Assert.Equal(
            "Observation?patient={{context.patientId}}"
                + "&code=http://loinc.org|98979-8,urn:oid:1.2.3|a%5C%2Cb%5C%7Cc%26d,bare",
            catalog.Templates[PrefetchTemplateCatalog.ObservationsKey]
        );
    }

    [Fact]
    public void Resolved_query_escapes_context_ids()
    {
        var catalog = new PrefetchTemplateCatalog([]);
        var patient = catalog.Definitions.Single(definition => definition.Key == PrefetchTemplateCatalog.PatientKey);

        Assert.Equal("Patient/a%2F..%3Fb", PrefetchTemplateCatalog.ResolveQuery(patient, "a/..?b", null, 100));
    }
}
