#!/usr/bin/env python3
"""Clinical-vocabulary scenarios: the same facts written the way real systems code them (OIDs, SNOMED CT only,
subtypes, procedures, panels, modifiers, newer conflicting evidence). Reuses the building blocks of
../generate.py; writes <NN-slug>/bundle.json, <NN-slug>/hook-request.json and expected.json here.
Every request is posted to both hooks by the end-to-end test (order-select with every order selected)."""
import importlib.util
import os

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("samples", os.path.join(HERE, "..", "generate.py"))
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)
cc, ref = samples.cc, samples.ref
ICD, SCT, LOINC, CPT, AJCC = samples.ICD, samples.SCT, samples.LOINC, samples.CPT, samples.AJCC
ICD_OID, SCT_OID, LOINC_OID, CPT_OID = ("urn:oid:2.16.840.1.113883.6.90", "urn:oid:2.16.840.1.113883.6.96",
                                        "urn:oid:2.16.840.1.113883.6.1", "urn:oid:2.16.840.1.113883.6.12")
PCS = "http://www.cms.gov/Medicare/Coding/ICD10"
ICDO3 = "http://terminology.hl7.org/CodeSystem/icd-o-3"
HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
HISTOLOGY = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior"
LATERALITY = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier"
SCENARIOS = []


class Scenario(samples.Scenario):
    def __init__(self, num, slug, title, **kw):
        super().__init__(num, slug, title, **kw)
        self.p = f"v{num:02d}"
        self.practitioner_id = f"{self.p}-practitioner"

    def procedure(self, suffix, system, code, display, performed):
        return self.add({"resourceType": "Procedure", "id": self.id(suffix), "status": "completed",
                         "code": {"coding": [{"system": system, "code": code, "display": display}], "text": display},
                         "subject": ref("Patient", self.patient["id"]), "performedDateTime": performed})

    def no_spread(self, focus=None, suffix="", system=LOINC, value_system=SCT):
        """cN0 and cM0, focused on a Condition or untied."""
        for axis, code, value in (("n", "21906-3", "1229967007"), ("m", "21907-1", "1229901006")):
            kw = {"focus": [ref("Condition", focus)]} if focus else {}
            self.obs(f"stage-{axis}{suffix}", cc(system, code), category="exam", effective=samples.STAGING,
                     valueCodeableConcept=cc(value_system, value), **kw)

    def not_candidate(self):
        self.attest("not-surgical-candidate")

    def report(self, suffix, category, code, *, status="final", effective, conclusion=(), results=()):
        """A US Core DiagnosticReport (pathology LP7839-6 or radiology LP29684-5) about the patient."""
        res = {"resourceType": "DiagnosticReport", "id": self.id(suffix), "status": status,
               "category": [cc("http://loinc.org", *category)],
               "code": cc(LOINC, *code),
               "subject": ref("Patient", self.patient["id"]),
               "effectiveDateTime": effective, "issued": effective,
               "performer": [ref("Practitioner", self.practitioner_id)]}
        if results:
            res["result"] = [ref("Observation", self.id(r)) for r in results]
        if conclusion:
            res["conclusionCode"] = [cc(system, c, d) for system, c, d in conclusion]
        return self.add(res)


def scenario(num, slug, title, **kw):
    def deco(fn):
        s = Scenario(num, slug, title, **kw)
        fn(s)
        SCENARIOS.append(s)
        return fn
    return deco


@scenario(1, "renal-oid-coded-record", "Every code system written by its OID", site="Kidney / 50593",
          facts="C64.1 and 50593 under their OIDs; size 32 millimeters (unit without system) and cN0/cM0 under the LOINC OID",
          why="OIDs are the same code systems: small localized RCC, not a candidate → covered")
def _(s):
    s.base("Imelda", "Cardwell", "female", "1951-05-09")
    s.enc("AMB")
    s.cond("rcc", [(ICD_OID, "C64.1", "Malignant neoplasm of right kidney, except renal pelvis")], text="RCC right kidney")
    s.obs("tumor-size", cc(LOINC_OID, "21889-1", "Size Tumor"), category="imaging", effective=samples.IMAGING,
          focus=[ref("Condition", s.id("rcc"))], valueQuantity={"value": 32, "unit": "millimeters"})
    s.no_spread(s.id("rcc"), system=LOINC_OID, value_system=SCT_OID)
    s.not_candidate()
    order = s.order("50593", reason="rcc", body="right-kidney")
    order["code"]["coding"][0]["system"] = CPT_OID
    s.expect("order", "covered", "no-auth")


@scenario(2, "renal-dialysis-procedure", "Dialysis recorded only as a Procedure", site="Kidney / 50593",
          facts="C64.2 2.8 cm cT1a cN0 cM0; hemodialysis CPT 90935 performed 12 days before the order; no eGFR, no CKD condition; resection-worsens=true",
          why="Recent dialysis = renal insufficiency; resection would worsen it → covered")
def _(s):
    s.base("Thaddeus", "Ormsby", "male", "1957-02-17")
    s.enc("AMB")
    s.rcc("left")
    s.localized_renal(2.8, side="left")
    s.procedure("dialysis", CPT, "90935", "Hemodialysis procedure with single evaluation", "2026-11-08T07:30:00-05:00")
    s.attest("resection-worsens-kidney-function")
    s.order("50593", reason="rcc", body="left-kidney")
    s.expect("order", "covered", "no-auth")


@scenario(3, "renal-icd10pcs-nephrectomy-inpatient", "Absent kidney known only from an ICD-10-PCS procedure", site="Kidney / 50250",
          facts="C64.1 3.1 cm stage I; resection of left kidney 0TT10ZZ (2019); resection-worsens=true; IMP encounter",
          why="One kidney + resection would worsen function → covered; inpatient → PA")
def _(s):
    s.base("Ottoline", "Veerkamp", "female", "1962-09-30", plan="HMO")
    s.enc("IMP")
    s.rcc()
    s.localized_renal(3.1)
    s.procedure("nephrectomy", PCS, "0TT10ZZ", "Resection of Left Kidney, Open Approach", "2019-03-12")
    s.attest("resection-worsens-kidney-function")
    s.order("50250", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "auth-needed")


@scenario(4, "renal-egfr-in-metabolic-panel", "eGFR only as a component of a metabolic panel", site="Kidney / 50593",
          facts="C64.1 2.5 cm stage I; CMP 24323-8 with eGFR component 47 mL/min/1.73m2 (no unit system); resection-worsens=true",
          why="eGFR < 60 read from the panel → covered")
def _(s):
    s.base("Cornelius", "Haverford", "male", "1949-12-01")
    s.enc("AMB")
    s.rcc()
    s.localized_renal(2.5)
    s.obs("cmp", cc(LOINC, "24323-8", "Comprehensive metabolic 2000 panel - Serum or Plasma"), category="laboratory",
          effective=samples.RECENT_LAB,
          component=[{"code": cc(LOINC, "2160-0", "Creatinine [Mass/volume] in Serum or Plasma"), "valueQuantity": {"value": 1.6, "unit": "mg/dL"}},
                     {"code": cc(LOINC, "98979-8", "eGFR (CKD-EPI 2021)"), "valueQuantity": {"value": 47, "unit": "mL/min/1.73m2"}}])
    s.attest("resection-worsens-kidney-function")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "no-auth")


@scenario(5, "renal-t3a-n0-m0", "Kidney T3a N0 M0, 3.5 cm", site="Kidney / 50593",
          facts="C64.1 3.5 cm; cT3 cN0 cM0 (renal vein invasion), no stage group; not-surgical-candidate=true",
          why="T3 is AJCC stage III: not localized whatever the size → not covered")
def _(s):
    s.base("Philippa", "Stroud", "female", "1953-04-21")
    s.enc("AMB")
    s.rcc()
    s.size(3.5, body="right-kidney", focus=s.id("rcc"))
    s.stage(None, focus=s.id("rcc"), t="cT3", n="cN0", m="cM0")
    s.not_candidate()
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "not-covered")


@scenario(6, "renal-stage-i-then-node-positive", "Stage I recorded, then a later biopsy shows nodal spread", site="Kidney / 50593",
          facts="C64.1 3.0 cm; stage group I (2026-10-22); N1 on a node biopsy (2026-11-12); not-surgical-candidate=true",
          why="Newer N1 overrides the older early stage group → stage III, not localized → not covered")
def _(s):
    s.base("Augustin", "Pellerin", "male", "1960-08-08")
    s.enc("AMB")
    s.rcc()
    s.localized_renal(3.0, t="cT1a")
    s.obs("node-biopsy", cc(LOINC, "21900-6", "Regional lymph nodes.pathology [Class] Cancer"), category="laboratory",
          effective="2026-11-12T09:00:00-05:00", focus=[ref("Condition", s.id("rcc"))],
          valueCodeableConcept={"coding": [{"system": AJCC, "code": "pN1", "display": "pN1"}]})
    s.not_candidate()
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "not-covered")


@scenario(7, "renal-two-kidneys-modifier-lt", "Tumours in both kidneys, order carries modifier LT", site="Kidney / 50593",
          facts="C64.1 2.9 cm and C64.2 5.5 cm, each with focused size and cN0/cM0; order has no bodySite, orderDetail HCPCS LT",
          why="LT picks the left 5.5 cm tumour → not covered (criteria not met)")
def _(s):
    s.base("Evangeline", "Marchetti", "female", "1950-01-15")
    s.enc("AMB")
    s.cond("rcc-right", [(ICD, "C64.1", "Malignant neoplasm of right kidney, except renal pelvis")], text="RCC right", body="right-kidney")
    s.cond("rcc-left", [(ICD, "C64.2", "Malignant neoplasm of left kidney, except renal pelvis")], text="RCC left", body="left-kidney")
    for side, size in (("right", 2.9), ("left", 5.5)):
        s.obs(f"size-{side}", cc(LOINC, "21889-1", "Size Tumor"), category="imaging", effective=samples.IMAGING,
              focus=[ref("Condition", s.id(f"rcc-{side}"))], valueQuantity={"value": size, "unit": "cm", "system": samples.UCUM, "code": "cm"})
        s.no_spread(s.id(f"rcc-{side}"), suffix=f"-{side}")
    s.not_candidate()
    order = s.order("50593")
    order["orderDetail"] = [cc(HCPCS, "LT", "Left side")]
    s.expect("order", "not-covered")


@scenario(8, "renal-bilateral-modifier-50", "Unilateral code ordered with modifier 50", site="Kidney / 50593",
          facts="C64.1 3.0 cm stage I; order bodySite kidney with laterality qualifier 'Right and left' and modifier 50",
          why="50593 is unilateral: an order for both sides must name each side → conditional")
def _(s):
    s.base("Leopold", "Aschenbach", "male", "1958-10-03")
    s.enc("AMB")
    s.rcc()
    s.localized_renal(3.0)
    s.not_candidate()
    order = s.order("50593", reason="rcc")
    order["bodySite"] = [{"coding": [{"system": SCT, "code": "64033007", "display": "Kidney structure"}],
                          "extension": [{"url": LATERALITY, "valueCodeableConcept": cc(SCT, "51440002", "Right and left")}]}]
    order["orderDetail"] = [cc(CPT, "50", "Bilateral procedure")]
    s.expect("order", "conditional", "no-auth")


@scenario(9, "renal-two-kidneys-no-side", "Tumours in both kidneys and an order that names neither", site="Kidney / 50593",
          facts="C64.1 and C64.2 (problem list), C64.1 again as an encounter diagnosis; untied size 3.0 cm and cN0/cM0; order without side or reason",
          why="Two distinct possible targets → conditional (which tumour); the duplicate C64.1 is the same tumour")
def _(s):
    s.base("Winifred", "Castellane", "female", "1947-06-27")
    s.enc("AMB")
    s.cond("rcc-right", [(ICD, "C64.1", "Malignant neoplasm of right kidney, except renal pelvis")], text="RCC right")
    s.cond("rcc-right-encounter", [(ICD, "C64.1", "Malignant neoplasm of right kidney, except renal pelvis")], text="RCC right",
           category="encounter-diagnosis")
    s.cond("rcc-left", [(ICD, "C64.2", "Malignant neoplasm of left kidney, except renal pelvis")], text="RCC left")
    s.obs("tumor-size", cc(LOINC, "21889-1", "Size Tumor"), category="imaging", effective=samples.IMAGING,
          valueQuantity={"value": 3.0, "unit": "cm", "system": samples.UCUM, "code": "cm"})
    s.no_spread()
    s.not_candidate()
    s.order("50593")
    s.expect("order", "conditional", "no-auth")


@scenario(10, "lung-synthea-snomed-only", "Synthea-style lung cancer: one SNOMED CT stage-specific disorder", site="Lung / 32994",
          facts="Only SNOMED 424132000 'Non-small cell carcinoma of lung, TNM stage 1' (no ICD-10-CM, no staging Observation); not-surgical-candidate=true",
          why="NSCLC histology and stage I from the concept → covered")
def _(s):
    s.base("Horatio", "Blackwood", "male", "1952-03-11")
    s.enc("AMB")
    s.cond("nsclc", [(SCT, "424132000", "Non-small cell carcinoma of lung, TNM stage 1 (disorder)")],
           text="Non-small cell carcinoma of lung, TNM stage 1 (disorder)")
    s.not_candidate()
    s.order("32994")
    s.expect("order", "covered", "no-auth")


@scenario(11, "lung-adenocarcinoma-later-n2", "mCODE histology adenocarcinoma, stage IA, then mediastinal N2", site="Lung / 32994",
          facts="C34.11 with ICD-O-3 8140/3 histology (mCODE extension); stage IA (2026-10-22); pN2 by EBUS (2026-11-14); not-surgical-candidate=true",
          why="Newer N2 overrides stage IA: stage III → not covered")
def _(s):
    s.base("Beatrix", "Quennell", "female", "1956-12-19")
    s.enc("AMB")
    c = s.cond("lung", [(ICD, "C34.11", "Malignant neoplasm of upper lobe, right bronchus or lung")], text="Adenocarcinoma RUL", body="right-lung")
    c["extension"] = [{"url": HISTOLOGY, "valueCodeableConcept": cc(ICDO3, "8140/3", "Adenocarcinoma, NOS")}]
    s.stage("1A", focus=s.id("lung"))
    s.obs("ebus-n", cc(LOINC, "21900-6", "Regional lymph nodes.pathology [Class] Cancer"), category="laboratory",
          effective="2026-11-14T10:00:00-05:00", focus=[ref("Condition", s.id("lung"))],
          valueCodeableConcept={"coding": [{"system": AJCC, "code": "pN2"}]})
    s.not_candidate()
    s.order("32994", reason="lung", body="right-lung")
    s.expect("order", "not-covered")


@scenario(12, "lung-carcinoid", "Typical carcinoid of the lung", site="Lung / 32994",
          facts="C7A.090 malignant carcinoid of bronchus and lung; not-surgical-candidate=true",
          why="Neither NSCLC nor SCLC: 'lung other than defined' → investigational, not 'no diagnosis'")
def _(s):
    s.base("Ignatius", "Fairweather", "male", "1964-07-07")
    s.enc("AMB")
    s.cond("carcinoid", [(ICD, "C7A.090", "Malignant carcinoid tumor of the bronchus and lung")], text="Typical carcinoid, RLL", body="right-lung")
    s.not_candidate()
    s.order("32994", reason="carcinoid", body="right-lung")
    s.expect("order", "not-covered")


@scenario(13, "lung-adenocarcinoma-in-situ", "Adenocarcinoma in situ of the lung", site="Lung / 32994",
          facts="D02.21 carcinoma in situ of right bronchus and lung, ICD-O-3 8140/2; not-surgical-candidate=true",
          why="In situ is 'lung other than defined' → investigational")
def _(s):
    s.base("Clementine", "Ashdown", "female", "1966-02-02")
    s.enc("AMB")
    c = s.cond("ais", [(ICD, "D02.21", "Carcinoma in situ of right bronchus and lung")], text="Adenocarcinoma in situ, RUL", body="right-lung")
    c["extension"] = [{"url": HISTOLOGY, "valueCodeableConcept": cc(ICDO3, "8140/2", "Adenocarcinoma in situ, NOS")}]
    s.not_candidate()
    s.order("32994", reason="ais", body="right-lung")
    s.expect("order", "not-covered")


@scenario(14, "lung-combined-small-cell", "Combined small cell carcinoma (local code first)", site="Lung / 32994",
          facts="C34.31 with a local code first, then ICD-O-3 8045/3 combined small cell histology; stage IA; not-surgical-candidate=true",
          why="Combined small cell is small cell → investigational")
def _(s):
    s.base("Rupert", "Illingworth", "male", "1955-09-25")
    s.enc("AMB")
    c = s.cond("lung", [("urn:oid:1.2.840.114350.1.13.0.1.7.2.696580", "LUNG-CA-44", "Lung cancer (local)"),
                        (ICD, "C34.31", "Malignant neoplasm of lower lobe, right bronchus or lung")], text="Combined SCLC, RLL", body="right-lung")
    c["extension"] = [{"url": HISTOLOGY, "valueCodeableConcept": cc(ICDO3, "8045/3", "Combined small cell carcinoma")}]
    s.stage("1A", focus=s.id("lung"))
    s.not_candidate()
    s.order("32994", reason="lung", body="right-lung")
    s.expect("order", "not-covered")


@scenario(15, "renal-c64-urothelial-histology", "C64 tumour whose mCODE histology is urothelial carcinoma", site="Kidney / 50593",
          facts="C64.1 2.6 cm cN0 cM0 with ICD-O-3 8120/3 transitional cell carcinoma (mCODE extension); not-surgical-candidate=true",
          why="The histology outranks the site code: not RCC → investigational (I-16)")
def _(s):
    s.base("Hildegard", "Ostrander", "female", "1958-02-14")
    s.enc("AMB")
    c = s.cond("rcc", [(ICD, "C64.1", "Malignant neoplasm of right kidney, except renal pelvis")], text="Right renal mass, biopsy: urothelial carcinoma", body="right-kidney")
    c["extension"] = [{"url": HISTOLOGY, "valueCodeableConcept": cc(ICDO3, "8120/3", "Transitional cell carcinoma, NOS")}]
    s.localized_renal(2.6)
    s.not_candidate()
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "not-covered")


@scenario(16, "renal-snomed-total-nephrectomy", "Absent kidney known only from a SNOMED CT procedure", site="Kidney / 50593",
          facts="C64.1 2.9 cm stage I; SNOMED CT 175905003 total nephrectomy (2017); resection-worsens=true",
          why="One kidney (SNOMED CT total nephrectomy) + resection would worsen function → covered")
def _(s):
    s.base("Evander", "Lockhart", "male", "1955-06-21")
    s.enc("AMB")
    s.rcc()
    s.localized_renal(2.9)
    s.procedure("nephrectomy", SCT, "175905003", "Total nephrectomy", "2017-08-09")
    s.attest("resection-worsens-kidney-function")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "no-auth")


PATHOLOGY, RADIOLOGY = ("LP7839-6", "Pathology"), ("LP29684-5", "Radiology")
SURGICAL_PATHOLOGY = ("11526-1", "Pathology study")
IMAGING_STUDY = ("18748-4", "Diagnostic imaging study")


def c34_without_histology(s, given, family, gender, birth):
    s.base(given, family, gender, birth)
    s.enc("AMB")
    s.cond("lung", [(ICD, "C34.11", "Malignant neoplasm of upper lobe, right bronchus or lung")], text="Right upper lobe lung cancer", body="right-lung")
    s.stage("1A", focus=s.id("lung"), t="cT1b", n="cN0", m="cM0")
    s.not_candidate()


@scenario(17, "lung-pathology-report-nsclc", "Histology only in a final surgical pathology report", site="Lung / 32994",
          facts="C34.11 only (no histology on the problem list), stage IA, not-surgical-candidate; final pathology DiagnosticReport (LP7839-6) with conclusionCode SNOMED 254637007 NSCLC",
          why="A final report about the patient states the histology of the only lung tumour → early NSCLC, not a candidate → covered")
def _(s):
    c34_without_histology(s, "Marguerite", "Penhallow", "female", "1950-03-11")
    s.report("pathology", PATHOLOGY, SURGICAL_PATHOLOGY, effective="2026-10-20T15:10:00-04:00",
             conclusion=[(SCT, "254637007", "Non-small cell lung cancer")])
    s.order("32994", reason="lung", body="right-lung")
    s.expect("order", "covered", "no-auth")


@scenario(18, "lung-preliminary-pathology-report", "A preliminary pathology report is not histology", site="Lung / 32994",
          facts="Same patient shape as 17, but the pathology report's status is preliminary",
          why="Only final, amended, corrected or appended reports are evidence → histology still needed → conditional")
def _(s):
    c34_without_histology(s, "Bartholomew", "Quarrington", "male", "1948-12-29")
    s.report("pathology", PATHOLOGY, SURGICAL_PATHOLOGY, status="preliminary", effective="2026-11-17T09:00:00-05:00",
             conclusion=[(SCT, "254637007", "Non-small cell lung cancer")])
    s.order("32994", reason="lung", body="right-lung")
    s.expect("order", "conditional", "no-auth")


@scenario(19, "renal-radiology-report-undated-size", "Tumour size whose only date is its radiology report's", site="Kidney / 50593",
          facts="C64.1 cT1a cN0 cM0; size Observation 3.4 cm with no effective[x] or issued, a result of a final radiology DiagnosticReport dated 2026-10-15; not-surgical-candidate",
          why="A result without a date of its own takes its report's date → 3.4 cm on or before the order, localized, not a candidate → covered")
def _(s):
    s.base("Ptolemy", "Ravensworth", "male", "1953-08-04")
    s.enc("AMB")
    s.rcc()
    s.stage(focus=s.id("rcc"), t="cT1a", n="cN0", m="cM0")
    size = s.obs("tumor-size", cc(LOINC, "21889-1", "Size Tumor", "Tumor size (CT)"), category="imaging", effective=samples.IMAGING,
                 valueQuantity={"value": 3.4, "unit": "cm", "system": samples.UCUM, "code": "cm"})
    del size["effectiveDateTime"], size["issued"]
    s.report("ct", RADIOLOGY, IMAGING_STUDY, effective=samples.IMAGING, results=["tumor-size"])
    s.not_candidate()
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "no-auth")


@scenario(20, "renal-c64-snomed-transitional-cell", "C64 tumour also coded as SNOMED CT transitional cell carcinoma of kidney", site="Kidney / 50593",
          facts="One Condition coded C64.1 and SNOMED 408642003 transitional cell carcinoma of kidney; 2.7 cm cN0 cM0; not-surgical-candidate",
          why="The SNOMED CT disorder names a histology other than RCC (I-16) → investigational")
def _(s):
    s.base("Winifred", "Ashcombe", "female", "1957-01-23")
    s.enc("AMB")
    s.cond("rcc", [(ICD, "C64.1", "Malignant neoplasm of right kidney, except renal pelvis"),
                   (SCT, "408642003", "Transitional cell carcinoma of kidney")], text="Right renal urothelial carcinoma", body="right-kidney")
    s.localized_renal(2.7)
    s.not_candidate()
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "not-covered")


@scenario(21, "lung-synthea-stage-disorder-next-to-histology", "Synthea: NSCLC and its TNM stage 1 as two Conditions", site="Lung / 32994",
          facts="SNOMED only: 254637007 NSCLC (the order's reasonReference) and 424132000 NSCLC TNM stage 1 as a second Condition, as Synthea's lung cancer module writes them; not-surgical-candidate",
          why="The stage-specific disorder is a stage group dated at its onset, for the only lung tumour → early NSCLC, not a candidate → covered")
def _(s):
    s.base("Leopold", "Fenwick", "male", "1949-04-18")
    s.enc("AMB")
    s.cond("nsclc", [(SCT, "254637007", "Non-small cell lung cancer (disorder)")], text="Non-small cell lung cancer (disorder)",
           category="encounter-diagnosis", onset="2026-10-02")
    s.cond("nsclc-stage", [(SCT, "424132000", "Non-small cell carcinoma of lung, TNM stage 1 (disorder)")],
           text="Non-small cell carcinoma of lung, TNM stage 1 (disorder)", category="encounter-diagnosis", onset="2026-10-12")
    s.not_candidate()
    s.order("32994", reason="nsclc")
    s.expect("order", "covered", "no-auth")


def main():
    samples.write_scenarios(HERE, SCENARIOS)
    rows = ["| # | scenario | site / CPT | how the record codes it | expected | why |", "|---|---|---|---|---|---|"]
    for s in sorted(SCENARIOS, key=lambda x: x.num):
        outs = "<br>".join(f"**{e['covered']}**" + (f" / {e['paNeeded']}" if e.get("paNeeded") else "") for e in s.expected)
        rows.append(f"| {s.num:02d} | [`{s.dir}`]({s.dir}/) | {s.site} | {s.facts} | {outs} | {s.why} |")
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as f:
        f.write("# Clinical-vocabulary samples\n\n"
                "The same facts as the main samples, written the way real systems code them: OIDs, SNOMED CT only "
                "(Synthea), ICD-O-3 histology in the mCODE extension, procedures, lab panels, modifiers and newer "
                "conflicting evidence. Same layout as [../README.md](../README.md): `bundle.json` (transaction) and "
                "`hook-request.json` (order-sign, full prefetch) per folder; `expected.json` lists the answers. The "
                "end-to-end test (`SampleScenarioTests`) posts every request to **both** hooks (order-select with every "
                "order selected, a fresh hookInstance each). Regenerate with `python3 generate.py` (ids start `vNN-`).\n\n"
                + "\n".join(rows) + "\n")
    print(f"wrote {len(SCENARIOS)} scenarios")


if __name__ == "__main__":
    main()
