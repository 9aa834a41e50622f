using CryoCdsHooks.PolicyEngine.Terminology;
using CryoCdsHooks.PolicyEngine.Tests.TestData;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

/// <summary>Code systems, concepts and code matching (issue 11 points 1-2, issue 14 point 4).</summary>
public class ClinicalVocabularyTests
{
    private static readonly PolicyTerminology Terms = PolicyTerminology.Instance;

    [Theory]
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm")]
    [InlineData("urn:oid:2.16.840.1.113883.6.90")]
    [InlineData("URN:OID:2.16.840.1.113883.6.90")]
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm/")]
    [InlineData("http://hl7.org/fhir/sid/icd-10-cm|2025")]
    [InlineData(" http://hl7.org/fhir/sid/icd-10-cm ")]
    public void Icd10cm_is_recognised_by_its_uri_or_oid_with_or_without_a_version(string system) =>
        Assert.True(Terms[ValueSetIds.RenalCellCarcinoma].Contains(system, "C64.1"));

    [Theory]
    [InlineData("urn:oid:2.16.840.1.113883.6.96", CodeSystems.Snomed)]
    [InlineData("http://snomed.info/sct/731000124108", CodeSystems.Snomed)]
    [InlineData("http://snomed.info/sct/731000124108/version/20250301", CodeSystems.Snomed)]
    [InlineData("urn:oid:2.16.840.1.113883.6.1", CodeSystems.Loinc)]
    [InlineData("urn:oid:2.16.840.1.113883.6.12", CodeSystems.Cpt)]
    [InlineData("urn:oid:2.16.840.1.113883.6.4", CodeSystems.Icd10Pcs)]
    [InlineData("urn:oid:2.16.840.1.113883.6.8", CodeSystems.Ucum)]
    [InlineData("urn:oid:2.16.840.1.113883.6.43.1", CodeSystems.IcdO3)]
    [InlineData("urn:oid:2.16.840.1.113883.5.4", CodeSystems.ActCode)]
    [InlineData("http://example.org/local", "http://example.org/local")]
    public void Code_systems_have_one_canonical_name(string written, string canonical) =>
        Assert.Equal(canonical, CodeSystemIdentity.Canonical(written));

    [Theory]
    [InlineData("C64\u200B.1")] // zero-width space
    [InlineData("\u0421" + "64.1")] // Cyrillic capital Es
    [InlineData("\uFF23" + "64.1")] // full-width C
    [InlineData("C64.1\u00A0")] // no-break space
    [InlineData("C64.1\u200D")] // zero-width joiner
    public void Codes_with_invisible_or_look_alike_characters_match_nothing(string code) =>
        Assert.False(Terms[ValueSetIds.RenalCellCarcinoma].Contains(CodeSystems.Icd10Cm, code));

    [Theory]
    [InlineData("C64", true)]
    [InlineData("C64.1", true)]
    [InlineData("C6", false)] // the parent of the filter is not below it
    [InlineData("C64.1XYZW", false)] // not an ICD-10-CM code shape
    [InlineData("C64-1", false)]
    [InlineData("C641 junk", false)]
    public void Icd10cm_filters_follow_the_hierarchy_not_a_string_prefix(string code, bool expected) =>
        Assert.Equal(expected, Terms[ValueSetIds.RenalCellCarcinoma].Contains(CodeSystems.Icd10Cm, code));

    [Theory]
    [InlineData("2546370070")]
    [InlineData("25463700")]
    public void Snomed_codes_match_exactly_never_by_prefix(string code) =>
        Assert.False(Terms[ValueSetIds.Nsclc].Contains(CodeSystems.Snomed, code));

    [Theory]
    // NSCLC and its subtypes (SNOMED CT disorders, Synthea stage-specific concepts, ICD-O-3 morphology)
    [InlineData(ValueSetIds.Nsclc, CodeSystems.Snomed, "254637007", true)]
    [InlineData(ValueSetIds.Nsclc, CodeSystems.Snomed, "254626006", true)] // adenocarcinoma of lung
    [InlineData(ValueSetIds.Nsclc, CodeSystems.Snomed, "254634000", true)] // squamous cell carcinoma of lung
    [InlineData(ValueSetIds.Nsclc, CodeSystems.Snomed, "424132000", true)] // NSCLC, TNM stage 1 (Synthea)
    [InlineData(ValueSetIds.Nsclc, CodeSystems.IcdO3, "8140/3", true)]
    [InlineData(ValueSetIds.Nsclc, CodeSystems.IcdO3, "8070/3", true)]
    [InlineData(ValueSetIds.Nsclc, CodeSystems.IcdO3, "8256/3", true)] // minimally invasive adenocarcinoma
    [InlineData(ValueSetIds.Nsclc, CodeSystems.Snomed, "254632001", false)] // small cell
    [InlineData(ValueSetIds.Nsclc, CodeSystems.IcdO3, "8041/3", false)]
    [InlineData(ValueSetIds.Nsclc, CodeSystems.IcdO3, "8140/2", false)] // in situ
    [InlineData(ValueSetIds.Nsclc, CodeSystems.IcdO3, "8240/3", false)] // carcinoid
    [InlineData(ValueSetIds.Nsclc, CodeSystems.IcdO3, "8013/3", false)] // LCNEC: left to the histology question
    // SCLC incl. combined forms
    [InlineData(ValueSetIds.Sclc, CodeSystems.Snomed, "254632001", true)]
    [InlineData(ValueSetIds.Sclc, CodeSystems.Snomed, "67841000119103", true)]
    [InlineData(ValueSetIds.Sclc, CodeSystems.IcdO3, "8045/3", true)] // combined small cell carcinoma
    [InlineData(ValueSetIds.Sclc, CodeSystems.IcdO3, "8042/3", true)]
    [InlineData(ValueSetIds.Sclc, CodeSystems.Snomed, "254637007", false)]
    // lung tumours other than defined
    [InlineData(ValueSetIds.LungOther, CodeSystems.Icd10Cm, "D02.21", true)]
    [InlineData(ValueSetIds.LungOther, CodeSystems.Icd10Cm, "C7A.090", true)]
    [InlineData(ValueSetIds.LungOther, CodeSystems.Icd10Cm, "D14.31", true)]
    [InlineData(ValueSetIds.LungOther, CodeSystems.IcdO3, "8249/3", true)]
    [InlineData(ValueSetIds.LungOther, CodeSystems.Snomed, "254639005", true)]
    [InlineData(ValueSetIds.LungOther, CodeSystems.Icd10Cm, "C7A.091", false)] // carcinoid of thymus
    [InlineData(ValueSetIds.LungOther, CodeSystems.Icd10Cm, "C34.11", false)]
    // renal cell carcinoma and subtypes
    [InlineData(ValueSetIds.RenalCellCarcinoma, CodeSystems.Icd10Cm, "C64.2", true)]
    // clear cell carcinoma of kidney
    [InlineData(ValueSetIds.RenalCellCarcinoma, CodeSystems.Snomed, "254915003", true)]
    [InlineData(ValueSetIds.RenalCellCarcinoma, CodeSystems.IcdO3, "8317/3", true)] // chromophobe
    [InlineData(ValueSetIds.RenalCellCarcinoma, CodeSystems.IcdO3, "8312/3", true)]
    [InlineData(ValueSetIds.RenalCellCarcinoma, CodeSystems.Icd10Cm, "C65.1", false)] // renal pelvis
    [InlineData(ValueSetIds.RenalCellCarcinoma, CodeSystems.IcdO3, "8120/3", false)] // urothelial
    // transitional cell carcinoma of kidney
    [InlineData(ValueSetIds.KidneyTumorNonRcc, CodeSystems.Snomed, "408642003", true)]
    [InlineData(ValueSetIds.KidneyTumorNonRcc, CodeSystems.Snomed, "302849000", true)] // nephroblastoma (Wilms)
    [InlineData(ValueSetIds.KidneyTumorNonRcc, CodeSystems.Snomed, "307604008", true)] // mesoblastic nephroma
    // lymphomatous infiltrate of kidney
    [InlineData(ValueSetIds.KidneyTumorNonRcc, CodeSystems.Snomed, "236513009", true)]
    [InlineData(ValueSetIds.KidneyTumorNonRcc, CodeSystems.Snomed, "702391001", false)] // primary renal cell carcinoma
    // clear cell carcinoma of kidney
    [InlineData(ValueSetIds.KidneyTumorNonRcc, CodeSystems.Snomed, "254915003", false)]
    [InlineData(ValueSetIds.KidneyHistologyNonRcc, CodeSystems.IcdO3, "8120/3", true)] // urothelial
    [InlineData(ValueSetIds.KidneyHistologyNonRcc, CodeSystems.IcdO3, "8960/3", true)] // nephroblastoma
    [InlineData(ValueSetIds.KidneyHistologyNonRcc, CodeSystems.IcdO3, "8860/0", true)] // angiomyolipoma
    [InlineData(ValueSetIds.KidneyHistologyNonRcc, CodeSystems.IcdO3, "8140/6", true)] // metastatic adenocarcinoma
    [InlineData(ValueSetIds.KidneyHistologyNonRcc, CodeSystems.IcdO3, "8312/3", false)] // RCC NOS
    [InlineData(ValueSetIds.KidneyHistologyNonRcc, CodeSystems.IcdO3, "8010/3", false)] // carcinoma NOS
    [InlineData(ValueSetIds.KidneyHistologyNonRcc, CodeSystems.IcdO3, "8120/2", false)] // in situ: another behaviour
    // metastatic disease
    [InlineData(ValueSetIds.SecondaryMalignancy, CodeSystems.Icd10Cm, "C78.01", true)]
    [InlineData(ValueSetIds.SecondaryMalignancy, CodeSystems.Icd10Cm, "C7B.02", true)]
    [InlineData(ValueSetIds.SecondaryMalignancy, CodeSystems.Snomed, "353561000119103", true)]
    [InlineData(ValueSetIds.SecondaryMalignancy, CodeSystems.Icd10Cm, "C64.1", false)]
    // breast fibroadenoma
    [InlineData(ValueSetIds.Fibroadenoma, CodeSystems.Icd10Cm, "D24.1", true)]
    [InlineData(ValueSetIds.Fibroadenoma, CodeSystems.IcdO3, "9010/0", true)]
    [InlineData(ValueSetIds.Fibroadenoma, CodeSystems.Icd10Cm, "N60.21", false)]
    // absent kidney, nephrectomy, dialysis and ESKD
    [InlineData(ValueSetIds.SingleKidney, CodeSystems.Icd10Cm, "Z90.5", true)]
    [InlineData(ValueSetIds.SingleKidney, CodeSystems.Icd10Cm, "Q60.0", true)]
    [InlineData(ValueSetIds.SingleKidney, CodeSystems.Icd10Cm, "Q60.1", false)] // bilateral agenesis
    [InlineData(ValueSetIds.TotalNephrectomy, CodeSystems.Cpt, "50230", true)]
    [InlineData(ValueSetIds.TotalNephrectomy, CodeSystems.Icd10Pcs, "0TT10ZZ", true)]
    [InlineData(ValueSetIds.TotalNephrectomy, CodeSystems.Cpt, "50240", false)] // partial
    [InlineData(ValueSetIds.TotalNephrectomy, CodeSystems.Snomed, "175905003", true)]
    [InlineData(ValueSetIds.TotalNephrectomy, CodeSystems.Snomed, "81516001", false)] // partial
    [InlineData(ValueSetIds.TotalNephrectomy, CodeSystems.Icd10Pcs, "0TT20ZZ", false)] // both kidneys
    [InlineData(ValueSetIds.Dialysis, CodeSystems.Cpt, "90935", true)]
    [InlineData(ValueSetIds.Dialysis, CodeSystems.Icd10Pcs, "5A1D70Z", true)]
    [InlineData(ValueSetIds.Dialysis, CodeSystems.Snomed, "302497006", true)]
    [InlineData(ValueSetIds.Dialysis, CodeSystems.Snomed, "10848006", false)] // removal of a dialysis catheter
    [InlineData(ValueSetIds.CkdStage3To5, CodeSystems.Icd10Cm, "N18.6", true)]
    [InlineData(ValueSetIds.CkdStage3To5, CodeSystems.Snomed, "46177005", true)]
    [InlineData(ValueSetIds.CkdStage3To5, CodeSystems.Icd10Cm, "N18.2", false)]
    public void Concept_value_sets_hold_known_members_and_not_known_non_members(
        string valueSetId,
        string system,
        string code,
        bool expected
    ) => Assert.Equal(expected, Terms[valueSetId].Contains(system, code));

    [Fact]
    public void Every_value_set_says_where_its_members_come_from()
    {
        var directory = Path.Combine(RepositoryRoot(), "src", "CryoCdsHooks.PolicyEngine", "Terminology");
        string[] sources =
        [
            "ICD-10-CM",
            "ICD-10-PCS",
            "SNOMED CT",
            "ICD-O-3",
            "CPT",
            "LOINC",
            "HCPCS",
            "clinical-codes.md",
            "policy",
            "this project",
        ];
        foreach (var file in Directory.GetFiles(directory, "ValueSet-*.json"))
        {
            using var valueSet = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
            var description = valueSet.RootElement.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "";
            Assert.True(
                sources.Any(s => description.Contains(s, StringComparison.Ordinal)),
                $"{Path.GetFileName(file)} names no source"
            );
        }
    }

    [Fact]
    public void A_condition_coded_by_oid_is_read_like_one_coded_by_uri()
    {
        var record = new RecordBuilder()
            .Condition("C64.1", system: "urn:oid:2.16.840.1.113883.6.90", id: "rcc")
            .TumorSize(3m, "cm")
            .NoSpread()
            .Attestation(AttestationCodes.NotSurgicalCandidate, true);

        Assert.Equal(DeterminationOutcome.Covered, Engine.Single(record, "50593").Outcome);
    }

    [Fact]
    public void An_order_coded_by_the_cpt_oid_is_in_scope()
    {
        var order = Orders.For("50593");
        order.Code = new CodeableConcept("urn:oid:2.16.840.1.113883.6.12", "50593");

        Assert.Equal("50593", Engine.Single(new RecordBuilder(), order).CptCode);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CryoCdsHooks.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("CryoCdsHooks.sln not found.");
    }
}
