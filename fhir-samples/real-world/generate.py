#!/usr/bin/env python3
"""Real-world shape scenarios: the facts of the main samples written the way Epic, Oracle Health (Cerner), Synthea
and HAPI FHIR servers send them (local code systems first, search Bundles with outcome/include entries and paging
links, absolute/urn:uuid/contained/versioned references, several Coverages, empty members, odd units).
Reuses the building blocks of ../generate.py; writes <NN-slug>/bundle.json, <NN-slug>/hook-request.json and
expected.json here. Every request is posted to both hooks by the end-to-end test (order-select with every order
selected)."""
import copy
import hashlib
import importlib.util
import os
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("samples", os.path.join(HERE, "..", "generate.py"))
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)
cc, ref = samples.cc, samples.ref
ICD, SCT, LOINC, CPT, UCUM, AJCC = samples.ICD, samples.SCT, samples.LOINC, samples.CPT, samples.UCUM, samples.AJCC
EHR_BASE = samples.EHR_BASE
EPIC_DX = "urn:oid:1.2.840.114350.1.13.0.1.7.2.728286"        # Epic diagnosis (EDG) ids
EPIC_LAB = "urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.14"    # Epic component ids
CERNER_DX = "https://fhir.cerner.com/ec2458f2-1e24-41c8-b71b-0e701af7583d/nomenclature"
CERNER_LAB = "https://fhir.cerner.com/ec2458f2-1e24-41c8-b71b-0e701af7583d/codeSet/72"
HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
LATERALITY = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier"
SEARCH_KEYS = ("coverage", "conditions", "observations", "procedures")
SCENARIOS = []


class Scenario(samples.Scenario):
    def __init__(self, num, slug, title, *, source, **kw):
        super().__init__(num, slug, title, **kw)
        self.p = f"w{num:02d}"
        self.practitioner_id = f"{self.p}-practitioner"
        self.source = source
        self.shapers = []            # functions applied to the hook request, in order

    def shape(self, fn):
        self.shapers.append(fn)
        return fn

    def hook_request(self):
        req = super().hook_request()
        for fn in self.shapers:
            fn(req)
        return req

    # ---- Coverage variants ---------------------------------------------------------------------------
    def coverage(self, suffix, payer, *, status="active", period=("2026-01-01", "2026-12-31"), order=None, payor_ref=None):
        res = {"resourceType": "Coverage", "id": self.id(suffix), "status": status,
               "beneficiary": ref("Patient", self.patient["id"]),
               "subscriberId": f"{self.p.upper()}{suffix.upper()}",
               "period": {"start": period[0], "end": period[1]},
               "payor": [payor_ref or {"display": payer}]}
        if order is not None:
            res["order"] = order
        return self.add(res)

    def drop_default_coverage(self):
        self.resources = [r for r in self.resources if r["resourceType"] != "Coverage"]

    # ---- searchset shapes ----------------------------------------------------------------------------
    def epic_outcomes(self):
        """Epic adds an OperationOutcome (search.mode outcome) to searches: a warning, or 'no results' information."""
        def fn(req):
            for key in SEARCH_KEYS:
                b = req["prefetch"][key]
                empty = not b.get("entry")
                issue = ({"severity": "information", "code": "informational",
                          "details": {"coding": [{"system": "urn:oid:1.2.840.114350.1.13.0.1.7.2.657369", "code": "4101",
                                                  "display": "Resource request returns no results."}],
                                      "text": "Resource request returns no results."}} if empty else
                         {"severity": "warning", "code": "processing",
                          "details": {"coding": [{"system": "urn:oid:1.2.840.114350.1.13.0.1.7.2.657369", "code": "4119",
                                                  "display": "This response includes information available to the authorized user at the time of the request. It may not contain the entire record available in the system."}]}})
                b.setdefault("entry", []).append({"resource": {"resourceType": "OperationOutcome", "issue": [issue]},
                                                   "search": {"mode": "outcome"}})
                if empty:
                    b["total"] = 0
        return self.shape(fn)

    def hapi_paging(self, include_payor=True):
        """HAPI: no total, self and next links (next points past the last page's data, an empty page), include entries."""
        def fn(req):
            for key in SEARCH_KEYS:
                b = req["prefetch"][key]
                b.pop("total", None)
                b["meta"] = {"lastUpdated": "2026-11-20T19:31:02.118+00:00"}
                if key == "observations":
                    b["link"].append({"relation": "next", "url": f"{EHR_BASE}?_getpages={self.p}-page&_getpagesoffset=100&_count=100&_bundletype=searchset"})
            if include_payor:
                cov = req["prefetch"]["coverage"]
                for r in [e["resource"] for e in cov.get("entry", []) if e["resource"]["resourceType"] == "Coverage"]:
                    for p in r["payor"]:
                        if p.get("reference", "").startswith("Organization/"):
                            org = next(x for x in self.resources if x["resourceType"] == "Organization"
                                       and f"Organization/{x['id']}" == p["reference"])
                            p.pop("display", None)
                            cov["entry"].append({"fullUrl": f"{EHR_BASE}/Organization/{org['id']}",
                                                 "resource": copy.deepcopy(org), "search": {"mode": "include"}})
        return self.shape(fn)

    def urn_uuids(self):
        """Synthea / transaction style: every fullUrl is urn:uuid and references use it."""
        ids = {}

        def u(rtype, rid):
            return ids.setdefault(f"{rtype}/{rid}", "urn:uuid:" + str(uuid.UUID(bytes=hashlib.md5(f"{rtype}/{rid}".encode()).digest(), version=4)))

        def rewrite(node):
            if isinstance(node, dict):
                for k, v in list(node.items()):
                    if k == "reference" and isinstance(v, str) and "/" in v and not v.startswith(("#", "urn:", "http")) \
                            and v.split("/")[0] not in ("Patient", "Practitioner", "Encounter"):
                        node[k] = u(*v.split("/")[:2])
                    else:
                        rewrite(v)
            elif isinstance(node, list):
                for x in node:
                    rewrite(x)

        def fn(req):
            for bundle in [req["context"]["draftOrders"]] + [req["prefetch"][k] for k in SEARCH_KEYS]:
                for e in bundle.get("entry", []):
                    r = e["resource"]
                    if "fullUrl" in e:
                        e["fullUrl"] = u(r["resourceType"], r["id"])
                    rewrite(r)
        return self.shape(fn)

    def edit(self, rtype, rid, fn):
        """Applies fn to the prefetch/draftOrders copy of one resource (shape only, not the transaction bundle)."""
        def apply(req):
            for bundle in [req["context"]["draftOrders"]] + [req["prefetch"][k] for k in SEARCH_KEYS]:
                for e in bundle.get("entry", []):
                    if e["resource"]["resourceType"] == rtype and e["resource"]["id"] == rid:
                        fn(e["resource"])
        return self.shape(apply)

    # ---- common pictures -----------------------------------------------------------------------------
    def small_rcc(self, size=3.2, side="right", local=None, **kw):
        code = "C64.1" if side == "right" else "C64.2"
        codings = ([local] if local else []) + [(ICD, code, f"Malignant neoplasm of {side} kidney, except renal pelvis"),
                                                 (SCT, "702391001", "Primary renal cell carcinoma")]
        self.cond("rcc", codings, text=f"Renal cell carcinoma, {side} kidney", body=f"{side}-kidney", **kw)
        self.localized_renal(size, side=side)


scenario = samples.scenario_registry(Scenario, SCENARIOS)


BCBS = samples.BCBSMA
OTHER = "Harvard Pilgrim Health Care"


# =================================================================================================== Epic
@scenario(1, "epic-local-dx-first-outcome-warnings", "Epic: local diagnosis id first, every search carries an outcome",
          source="Epic", site="Kidney / 50593",
          facts="Condition codes: Epic EDG OID first, then C64.1, SNOMED; 3.2 cm cT1a cN0 cM0; not-surgical-candidate; each search has a warning OperationOutcome (search.mode outcome), empty procedures search has only a 'no results' information outcome",
          why="Warning/information outcomes are notices, not failed keys (data-conventions: Search Bundles); local code is skipped, C64.1 read → RCC ≤4 cm localized, not a candidate → covered")
def _(s):
    s.base("Odalys", "Brennick", "female", "1950-02-11")
    s.enc("AMB")
    s.small_rcc(local=(EPIC_DX, "1183842", "Renal cell carcinoma of right kidney"))
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.epic_outcomes()
    s.expect("order", "covered", "no-auth")


@scenario(2, "epic-egfr-local-component-first", "Epic: eGFR with the Epic component id first, resection worsens",
          source="Epic", site="Kidney / 50593",
          facts="C64.2 2.6 cm stage I; eGFR Observation coded Epic component OID first then LOINC 98979-8, 48 mL/min/1.73m2 (unit without system); resection-worsens=true; outcome entries",
          why="Renal insufficiency (eGFR < 60 within 90 days) + resection would worsen function → covered")
def _(s):
    s.base("Teodor", "Vasquez-Hale", "male", "1954-08-30")
    s.enc("AMB")
    s.small_rcc(2.6, side="left")
    s.obs("egfr", {"coding": [{"system": EPIC_LAB, "code": "1230000153", "display": "EGFR"},
                              {"system": LOINC, "code": "98979-8"}], "text": "eGFR"},
          category="laboratory", effective=samples.RECENT_LAB, valueQuantity={"value": 48, "unit": "mL/min/1.73m2"})
    s.attest("resection-worsens-kidney-function")
    s.order("50593", reason="rcc", body="left-kidney")
    s.epic_outcomes()
    s.expect("order", "covered", "no-auth")


@scenario(3, "epic-lung-nsclc-stage-ia", "Epic: lung NSCLC stage IA with local id first",
          source="Epic", site="Lung / 32994",
          facts="Epic EDG OID, then C34.11 and SNOMED NSCLC; stage IA; not-surgical-candidate; outcome entries",
          why="Early-stage NSCLC + not a surgical candidate → covered; outpatient → no-auth")
def _(s):
    s.base("Wendell", "Ashgrove", "male", "1946-01-19")
    s.enc("AMB")
    s.cond("nsclc", [(EPIC_DX, "1204598", "Non-small cell lung cancer, right upper lobe"),
                     (ICD, "C34.11", "Malignant neoplasm of upper lobe, right bronchus or lung"),
                     (SCT, "254637007", "Non-small cell lung cancer")], text="NSCLC RUL", body="right-lung")
    s.stage("1A", focus=s.id("nsclc"), t="cT1b", n="cN0", m="cM0")
    s.attest("not-surgical-candidate")
    s.order("32994", reason="nsclc", body="right-lung")
    s.epic_outcomes()
    s.expect("order", "covered", "no-auth")


@scenario(4, "epic-other-payer-primary-bcbsma-secondary", "Epic: another payer primary, BCBSMA secondary",
          source="Epic", site="Kidney / 50593",
          facts="Coverage 1: Harvard Pilgrim, order 1; Coverage 2: BCBSMA, order 2, both active; small localized RCC, not a candidate",
          why="Secondary coverage with us is still ours to answer; the other payer's never decides (data-conventions: Which Coverage) → covered")
def _(s):
    s.base("Maribel", "Oyelaran", "female", "1957-05-04")
    s.drop_default_coverage()
    s.coverage("other", OTHER, order=1)
    s.coverage("ours", BCBS, order=2)
    s.enc("AMB")
    s.small_rcc(3.0)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.epic_outcomes()
    s.expect("order", "covered", "no-auth")


@scenario(5, "epic-insurance-names-ours", "Epic: ServiceRequest.insurance names one of two BCBSMA Coverages",
          source="Epic", site="Kidney / 50250",
          facts="Two BCBSMA Coverages in force (order 1 and 2); the order's insurance names Coverage 2; single kidney Z90.5, resection worsens; IMP",
          why="Coverage named by the order is ours and in force → answered for it; one kidney + resection worsens → covered; inpatient → auth-needed")
def _(s):
    s.base("Cyprian", "Delacroix", "male", "1961-12-12")
    s.drop_default_coverage()
    s.coverage("ppo", BCBS, order=1)
    s.coverage("hmo", BCBS, order=2)
    s.enc("IMP")
    s.small_rcc(3.0)
    s.cond("absent-kidney", [(ICD, "Z90.5", "Acquired absence of kidney")], text="Absent left kidney", body="left-kidney", onset="2014-02-02")
    s.attest("resection-worsens-kidney-function")
    o = s.order("50250", reason="rcc", body="right-kidney")
    o["insurance"] = [ref("Coverage", s.id("hmo"))]
    s.epic_outcomes()
    s.expect("order", "covered", "auth-needed")


@scenario(6, "epic-only-other-payer", "Epic: the only Coverage is another payer's",
          source="Epic", site="Kidney / 50593",
          facts="One active Coverage, Harvard Pilgrim; clinical picture that would be covered",
          why="No Coverage of ours on the date → no coverage-information (CRD 2.2.1, coverage 1..1), a 'No … coverage found' card")
def _(s):
    s.base("Leocadia", "Fenwright", "female", "1952-09-09")
    s.drop_default_coverage()
    s.coverage("other", OTHER)
    s.enc("AMB")
    s.small_rcc()
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.epic_outcomes()
    s.no_coverage.append(f"ServiceRequest/{s.id('order')}")


@scenario(7, "epic-occurrence-late-evening-offset", "Epic: occurrence 23:30 -05:00 on the last day of the Coverage",
          source="Epic", site="Kidney / 50593",
          facts="BCBSMA Coverage ends 2026-12-31; occurrenceDateTime 2026-12-31T23:30:00-05:00 (2027-01-01 in UTC)",
          why="A timestamp counts by its own local date (2026-12-31), ends inclusive → in force → covered")
def _(s):
    s.base("Rainer", "Okonkwo", "male", "1949-03-03")
    s.enc("AMB")
    s.small_rcc()
    s.attest("not-surgical-candidate")
    o = s.order("50593", reason="rcc", body="right-kidney")
    o["occurrenceDateTime"] = "2026-12-31T23:30:00-05:00"
    s.epic_outcomes()
    s.expect("order", "covered", "no-auth")


@scenario(8, "epic-occurrence-after-midnight-offset", "Epic: occurrence 00:15 +09:00 the day after the Coverage ends",
          source="Epic", site="Kidney / 50593",
          facts="BCBSMA Coverage ends 2026-12-31; occurrenceDateTime 2027-01-01T00:15:00+09:00 (still 2026-12-31 in UTC)",
          why="Local date as written is 2027-01-01, after the Coverage ends → no coverage of ours → no coverage-information, no-coverage card")
def _(s):
    s.base("Sunniva", "Halvorsen", "female", "1953-07-21")
    s.enc("AMB")
    s.small_rcc()
    s.attest("not-surgical-candidate")
    o = s.order("50593", reason="rcc", body="right-kidney")
    o["occurrenceDateTime"] = "2027-01-01T00:15:00+09:00"
    s.epic_outcomes()
    s.no_coverage.append(f"ServiceRequest/{s.id('order')}")


@scenario(9, "epic-same-tumour-twice", "Epic: the tumour on the problem list and as an encounter diagnosis",
          source="Epic", site="Kidney / 50593",
          facts="C64.1 problem-list item and C64.1 encounter diagnosis (same code and side); untied 3.0 cm size and cN0/cM0; order without reason",
          why="Same code and side = one tumour, the only candidate: untied size and stage count → covered")
def _(s):
    s.base("Eulalia", "Brightwater", "female", "1948-11-30")
    s.enc("AMB")
    s.cond("rcc", [(EPIC_DX, "1183842", "Renal cell carcinoma of right kidney"), (ICD, "C64.1", "Malignant neoplasm of right kidney, except renal pelvis")],
           text="RCC right kidney", body="right-kidney")
    s.cond("rcc-encounter", [(ICD, "C64.1", "Malignant neoplasm of right kidney, except renal pelvis")], text="RCC right kidney",
           body="right-kidney", category="encounter-diagnosis")
    s.obs("tumor-size", cc(LOINC, "21889-1", "Size Tumor"), category="imaging", effective=samples.IMAGING,
          valueQuantity={"value": 3.0, "unit": "cm", "system": UCUM, "code": "cm"})
    for axis, code, value in (("n", "21906-3", "1229967007"), ("m", "21907-1", "1229901006")):
        s.obs(f"stage-{axis}", cc(LOINC, code), category="exam", effective=samples.STAGING, valueCodeableConcept=cc(SCT, value))
    s.attest("not-surgical-candidate")
    s.order("50593", body="right-kidney")
    s.epic_outcomes()
    s.expect("order", "covered", "no-auth")


# =================================================================================================== Oracle Health (Cerner)
@scenario(10, "cerner-nomenclature-first", "Oracle Health: Cerner nomenclature code first, lab codeSet/72 first",
          source="Oracle Health", site="Kidney / 50542",
          facts="Condition: Cerner nomenclature code first, then C64.1; size Observation coded codeSet/72 first then LOINC 21889-1; stage I; not-surgical-candidate",
          why="Local codes are skipped, the standard codings decide: small localized RCC, not a candidate → covered")
def _(s):
    s.base("Harriet", "Quimby", "female", "1951-04-17")
    s.enc("AMB")
    s.cond("rcc", [(CERNER_DX, "10457862", "Renal cell carcinoma, right"), (ICD, "C64.1", "Malignant neoplasm of right kidney, except renal pelvis")],
           text="Renal cell carcinoma, right", body="right-kidney")
    s.obs("tumor-size", {"coding": [{"system": CERNER_LAB, "code": "4171920", "display": "Tumor Size"},
                                    {"system": LOINC, "code": "21889-1", "display": "Size Tumor"}], "text": "Tumor Size"},
          category="imaging", effective=samples.IMAGING, focus=[ref("Condition", s.id("rcc"))],
          valueQuantity={"value": 2.9, "unit": "cm", "system": UCUM, "code": "cm"})
    s.stage("1", focus=s.id("rcc"), t="cT1a", n="cN0", m="cM0")
    s.attest("not-surgical-candidate")
    s.order("50542", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "no-auth")


@scenario(11, "cerner-lapsed-then-active", "Oracle Health: a lapsed BCBSMA Coverage listed before the active one",
          source="Oracle Health", site="Kidney / 50593",
          facts="Coverage 1: BCBSMA cancelled, period 2024-01-01..2025-12-31, order 1; Coverage 2: BCBSMA active 2026; small localized RCC, not a candidate",
          why="Only a Coverage in force on the date counts; the lapsed one is not chosen → covered")
def _(s):
    s.base("Bartholomew", "Ingersoll", "male", "1955-10-10")
    s.drop_default_coverage()
    s.coverage("lapsed", BCBS, status="cancelled", period=("2024-01-01", "2025-12-31"), order=1)
    s.coverage("active", BCBS)
    s.enc("AMB")
    s.small_rcc(3.4)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "no-auth")


@scenario(12, "cerner-lapsed-only", "Oracle Health: the only BCBSMA Coverage ended before the order",
          source="Oracle Health", site="Kidney / 50593",
          facts="BCBSMA Coverage period 2025-01-01..2026-06-30; order on 2026-12-03",
          why="No Coverage of ours in force on the date → no coverage-information, no-coverage card")
def _(s):
    s.base("Philomena", "Treadwell", "female", "1959-01-25")
    s.drop_default_coverage()
    s.coverage("lapsed", BCBS, period=("2025-01-01", "2026-06-30"))
    s.enc("AMB")
    s.small_rcc()
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.no_coverage.append(f"ServiceRequest/{s.id('order')}")


@scenario(13, "cerner-empty-members", "Oracle Health: empty arrays, empty strings and null members",
          source="Oracle Health", site="Kidney / 50593",
          facts="\"entry\": [] on the empty procedures search; Condition with \"note\": [], \"category\" coding [] entry, \"abatementString\": \"\"; Observation \"interpretation\": null; order \"note\": null",
          why="Empty arrays, empty strings and null are read as absent (data-conventions), not a 400 → small localized RCC, not a candidate → covered")
def _(s):
    s.base("Ignacio", "Farrowby", "male", "1947-06-06")
    s.enc("AMB")
    s.small_rcc(3.1)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")

    def empties(req):
        req["prefetch"]["procedures"]["entry"] = []
        for e in req["prefetch"]["conditions"]["entry"]:
            e["resource"]["note"] = []
            e["resource"]["category"].append({"coding": [], "text": ""})
            e["resource"]["abatementString"] = ""
        for e in req["prefetch"]["observations"]["entry"]:
            e["resource"]["interpretation"] = None
        req["context"]["draftOrders"]["entry"][0]["resource"]["note"] = None
    s.shape(empties)
    s.expect("order", "covered", "no-auth")


@scenario(14, "cerner-size-millimetres-no-system", "Oracle Health: tumour size in \"mm\" with no unit system",
          source="Oracle Health", site="Kidney / 50593",
          facts="Size 38 with unit \"mm\" and no system/code; cT1a cN0 cM0; not-surgical-candidate",
          why="38 mm = 3.8 cm ≤ 4 cm, localized, not a candidate → covered")
def _(s):
    s.base("Constance", "Whitlock", "female", "1950-10-14")
    s.enc("AMB")
    s.cond("rcc", [(ICD, "C64.1", "Malignant neoplasm of right kidney, except renal pelvis")], text="RCC right", body="right-kidney")
    s.obs("tumor-size", cc(LOINC, "21889-1", "Size Tumor"), category="imaging", effective=samples.IMAGING,
          focus=[ref("Condition", s.id("rcc"))], valueQuantity={"value": 38, "unit": "mm"})
    s.stage(None, focus=s.id("rcc"), t="cT1a", n="cN0", m="cM0")
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "no-auth")


@scenario(15, "cerner-egfr-in-bmp-panel", "Oracle Health: eGFR only as a component of a basic metabolic panel",
          source="Oracle Health", site="Kidney / 50593",
          facts="BMP 51990-0 with creatinine and eGFR component 44 \"mL/min/1.73 m2\" (no system); 2.7 cm stage I; resection-worsens=true",
          why="eGFR < 60 read from the panel component within 90 days + resection worsens → covered")
def _(s):
    s.base("Ambrose", "Kettering", "male", "1944-02-28")
    s.enc("AMB")
    s.small_rcc(2.7)
    s.obs("bmp", {"coding": [{"system": CERNER_LAB, "code": "2823579", "display": "Basic Metabolic Panel"},
                             {"system": LOINC, "code": "51990-0", "display": "Basic metabolic panel - Blood"}]},
          category="laboratory", effective=samples.RECENT_LAB,
          component=[{"code": cc(LOINC, "2160-0", "Creatinine [Mass/volume] in Serum or Plasma"), "valueQuantity": {"value": 1.7, "unit": "mg/dL"}},
                     {"code": cc(LOINC, "98979-8", "eGFR (CKD-EPI 2021)"), "valueQuantity": {"value": 44, "unit": "mL/min/1.73 m2"}}])
    s.attest("resection-worsens-kidney-function")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "no-auth")


@scenario(16, "cerner-kidney-t3-n0-m0", "Oracle Health: kidney cT3 cN0 cM0, 3.6 cm",
          source="Oracle Health", site="Kidney / 50593",
          facts="C64.1 3.6 cm; cT3 cN0 cM0, no stage group; not-surgical-candidate",
          why="T3 is AJCC stage III for kidney: not localized whatever the size → not-covered")
def _(s):
    s.base("Gwendolyn", "Asquith", "female", "1956-03-08")
    s.enc("AMB")
    s.cond("rcc", [(CERNER_DX, "10457862", "Renal cell carcinoma, right"), (ICD, "C64.1", "Malignant neoplasm of right kidney, except renal pelvis")],
           text="RCC right", body="right-kidney")
    s.size(3.6, body="right-kidney", focus=s.id("rcc"))
    s.stage(None, focus=s.id("rcc"), t="cT3", n="cN0", m="cM0")
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "not-covered")


@scenario(17, "cerner-single-kidney-inpatient", "Oracle Health: open cryo, single kidney, inpatient",
          source="Oracle Health", site="Kidney / 50250",
          facts="C64.1 3.0 cm stage I; Z90.5; resection-worsens=true; IMP encounter",
          why="One kidney + resection would worsen function → covered; inpatient → auth-needed")
def _(s):
    s.base("Lucius", "Penhallow", "male", "1958-08-18", plan="HMO")
    s.enc("IMP")
    s.small_rcc(3.0)
    s.cond("absent-kidney", [(CERNER_DX, "8371119", "Acquired absence of kidney"), (ICD, "Z90.5", "Acquired absence of kidney")],
           text="Absent left kidney", body="left-kidney", onset="2012-05-05")
    s.attest("resection-worsens-kidney-function")
    s.order("50250", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "auth-needed")


# =================================================================================================== Synthea
def synthea_cond(s, suffix, code, display, body=None):
    """Synthea writes SNOMED CT only, the display as text, category encounter-diagnosis."""
    return s.cond(suffix, [(SCT, code, display)], text=display, body=body, category="encounter-diagnosis")


@scenario(18, "synthea-lung-nsclc-tnm-stage-1", "Synthea: 'Non-small cell carcinoma of lung, TNM stage 1' only",
          source="Synthea", site="Lung / 32994",
          facts="SNOMED 424132000 only (no ICD-10-CM, no staging Observation); urn:uuid fullUrls and references; not-surgical-candidate",
          why="The stage-specific SNOMED disorder carries NSCLC and stage I → early-stage NSCLC, not a candidate → covered")
def _(s):
    s.base("Jarrod", "Kuhlman", "male", "1951-06-03")
    s.enc("AMB")
    synthea_cond(s, "nsclc", "424132000", "Non-small cell carcinoma of lung, TNM stage 1 (disorder)")
    s.attest("not-surgical-candidate")
    s.order("32994", reason="nsclc")
    s.urn_uuids()
    s.expect("order", "covered", "no-auth")


@scenario(19, "synthea-lung-nsclc-tnm-stage-3", "Synthea: 'Non-small cell carcinoma of lung, TNM stage 3' only",
          source="Synthea", site="Lung / 32994",
          facts="SNOMED 422968005 only; urn:uuid fullUrls; not-surgical-candidate",
          why="Stage III NSCLC is not early stage (and not airway palliation) → not-covered")
def _(s):
    s.base("Delphine", "Schowalter", "female", "1948-12-24")
    s.enc("AMB")
    synthea_cond(s, "nsclc", "422968005", "Non-small cell carcinoma of lung, TNM stage 3 (disorder)")
    s.attest("not-surgical-candidate")
    s.order("32994", reason="nsclc")
    s.urn_uuids()
    s.expect("order", "not-covered")


@scenario(20, "synthea-lung-small-cell", "Synthea: small cell carcinoma of lung, SNOMED only",
          source="Synthea", site="Lung / 32994",
          facts="SNOMED 254632001 only; urn:uuid fullUrls; not-surgical-candidate",
          why="Policy: cryoablation of small cell lung cancer is investigational → not-covered")
def _(s):
    s.base("Royce", "Bednar", "male", "1957-04-14")
    s.enc("AMB")
    synthea_cond(s, "sclc", "254632001", "Small cell carcinoma of lung (disorder)")
    s.attest("not-surgical-candidate")
    s.order("32994", reason="sclc")
    s.urn_uuids()
    s.expect("order", "not-covered")


@scenario(21, "synthea-renal-snomed-mcode-staging", "Synthea + mCODE: SNOMED-only RCC with mCODE staging Observations",
          source="Synthea", site="Kidney / 50593",
          facts="SNOMED 702391001 only (bodySite right kidney); size 3.3 cm; mCODE TNM (SNOMED cT1a cN0 cM0) and stage group focused on it; urn:uuid; not-surgical-candidate",
          why="RCC ≤ 4 cm, localized, not a candidate → covered")
def _(s):
    s.base("Kirstin", "Wolff", "female", "1953-02-14")
    s.enc("AMB")
    synthea_cond(s, "rcc", "702391001", "Primary renal cell carcinoma (disorder)", body="right-kidney")
    s.localized_renal(3.3)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.urn_uuids()
    s.expect("order", "covered", "no-auth")


@scenario(22, "synthea-renal-ckd-stage-3", "Synthea: SNOMED RCC and 'Chronic kidney disease stage 3'",
          source="Synthea", site="Kidney / 50593",
          facts="SNOMED 702391001 (right kidney) 2.8 cm stage I; SNOMED 433144002 CKD stage 3, no eGFR Observation; resection-worsens=true; urn:uuid",
          why="CKD stage 3 = GFR < 60, renal insufficiency; resection would worsen it → covered")
def _(s):
    s.base("Emmitt", "Runolfsdottir", "male", "1945-09-01")
    s.enc("AMB")
    synthea_cond(s, "rcc", "702391001", "Primary renal cell carcinoma (disorder)", body="right-kidney")
    s.localized_renal(2.8)
    synthea_cond(s, "ckd", "433144002", "Chronic kidney disease stage 3 (disorder)")
    s.attest("resection-worsens-kidney-function")
    s.order("50593", reason="rcc", body="right-kidney")
    s.urn_uuids()
    s.expect("order", "covered", "no-auth")


# =================================================================================================== HAPI search Bundles
@scenario(23, "hapi-include-payor-no-display", "HAPI: payor known only from an include entry",
          source="HAPI", site="Kidney / 50593",
          facts="Coverage.payor is a bare Organization reference; the Organization comes as a search.mode include entry; no total; self/next links",
          why="The payor Organization in an include entry identifies the Coverage as ours (data-conventions) → small localized RCC, not a candidate → covered")
def _(s):
    s.base("Ottilie", "Marchbanks", "female", "1952-07-07")
    s.enc("AMB")
    s.small_rcc(3.0)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.hapi_paging()
    s.expect("order", "covered", "no-auth")


def absolute(r):
    for x in r.get("reasonReference", []) + r.get("focus", []):
        x["reference"] = f"{EHR_BASE}/{x['reference']}"


@scenario(24, "hapi-absolute-references", "HAPI: absolute references to the same server",
          source="HAPI", site="Kidney / 50593",
          facts="reasonReference and every Observation.focus are absolute URLs under the server base of the fullUrls; no total; self/next links",
          why="Absolute references under the same base resolve to the same Conditions (data-conventions: References) → covered")
def _(s):
    s.base("Anselm", "Trevithick", "male", "1950-05-29")
    s.enc("AMB")
    s.small_rcc(3.1)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.hapi_paging()
    for r in s.resources:
        if r["resourceType"] in ("Observation", "ServiceRequest"):
            s.edit(r["resourceType"], r["id"], absolute)
    s.expect("order", "covered", "no-auth")


def versioned(r):
    for x in r.get("reasonReference", []) + r.get("focus", []):
        x["reference"] = f"{x['reference']}/_history/3"


@scenario(25, "hapi-versioned-references", "HAPI: versioned _history references",
          source="HAPI", site="Kidney / 50593",
          facts="reasonReference and Observation.focus are Condition/<id>/_history/3; meta.versionId 3; no total",
          why="The version is ignored, the record holds one version → same tumour → covered")
def _(s):
    s.base("Brunhilde", "Carrow", "female", "1949-08-08")
    s.enc("AMB")
    s.small_rcc(2.4)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.hapi_paging()
    for r in s.resources:
        if r["resourceType"] in ("Observation", "ServiceRequest"):
            s.edit(r["resourceType"], r["id"], versioned)
    s.edit("Condition", s.id("rcc"), lambda r: r.setdefault("meta", {}).update(versionId="3"))
    s.expect("order", "covered", "no-auth")


@scenario(26, "hapi-contained-payor", "HAPI: payor Organization contained in the Coverage",
          source="HAPI", site="Kidney / 50593",
          facts="Coverage.contained holds the BCBSMA Organization; payor {\"reference\": \"#payer\"}, no display",
          why="A contained payor Organization named BCBSMA makes the Coverage ours → small localized RCC, not a candidate → covered")
def _(s):
    s.base("Percival", "Loxley", "male", "1954-04-04")
    s.drop_default_coverage()
    cov = s.coverage("coverage", BCBS, payor_ref={"reference": "#payer"})
    cov["contained"] = [{"resourceType": "Organization", "id": "payer", "name": BCBS}]
    s.enc("AMB")
    s.small_rcc(3.5)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.hapi_paging(include_payor=False)
    s.expect("order", "covered", "no-auth")


def two_kidney_tumours(s):
    s.cond("rcc-right", [(ICD, "C64.1", "Malignant neoplasm of right kidney, except renal pelvis")], text="RCC right", body="right-kidney")
    s.cond("rcc-left", [(ICD, "C64.2", "Malignant neoplasm of left kidney, except renal pelvis")], text="RCC left", body="left-kidney")
    for side, size in (("right", 2.9), ("left", 5.5)):
        s.obs(f"size-{side}", cc(LOINC, "21889-1", "Size Tumor"), category="imaging", effective=samples.IMAGING,
              focus=[ref("Condition", s.id(f"rcc-{side}"))], valueQuantity={"value": size, "unit": "cm", "system": UCUM, "code": "cm"})
        for axis, code, value in (("n", "21906-3", "1229967007"), ("m", "21907-1", "1229901006")):
            s.obs(f"stage-{axis}-{side}", cc(LOINC, code), category="exam", effective=samples.STAGING,
                  focus=[ref("Condition", s.id(f"rcc-{side}"))], valueCodeableConcept=cc(SCT, value))
    s.attest("not-surgical-candidate")


@scenario(27, "hapi-two-tumours-reason-right", "HAPI: two kidney tumours, the order names the small right one",
          source="HAPI", site="Kidney / 50593",
          facts="C64.1 2.9 cm and C64.2 5.5 cm, each with focused size and cN0/cM0; reasonReference the right tumour, bodySite right kidney",
          why="reasonReference picks the treated tumour; only its observations count → 2.9 cm localized → covered")
def _(s):
    s.base("Wilhelmina", "Stroud-Abara", "female", "1951-01-01")
    s.enc("AMB")
    two_kidney_tumours(s)
    s.order("50593", reason="rcc-right", body="right-kidney")
    s.hapi_paging()
    s.expect("order", "covered", "no-auth")


@scenario(28, "hapi-two-tumours-reason-left", "HAPI: two kidney tumours, the order names the large left one",
          source="HAPI", site="Kidney / 50593",
          facts="Same two tumours; reasonReference the left 5.5 cm tumour, bodySite left kidney",
          why="The treated tumour is 5.5 cm > 4 cm; the small right tumour is not pooled → not-covered")
def _(s):
    s.base("Casimir", "Ellingboe", "male", "1955-05-05")
    s.enc("AMB")
    two_kidney_tumours(s)
    s.order("50593", reason="rcc-left", body="left-kidney")
    s.hapi_paging()
    s.expect("order", "not-covered")


@scenario(29, "hapi-two-tumours-order-names-neither", "HAPI: two kidney tumours and an order without reason or side",
          source="HAPI", site="Kidney / 50593",
          facts="Same two tumours; order has no reasonReference, reasonCode or bodySite",
          why="Two distinct possible targets → conditional (ask which tumour), never decided on a pool")
def _(s):
    s.base("Rosamund", "Pettibone", "female", "1947-03-03")
    s.enc("AMB")
    two_kidney_tumours(s)
    s.order("50593")
    s.hapi_paging()
    s.expect("order", "conditional", "no-auth")


@scenario(30, "hapi-bilateral-modifier-50", "HAPI: unilateral code ordered with modifier 50",
          source="HAPI", site="Kidney / 50593",
          facts="C64.1 3.0 cm stage I; order bodySite kidney with mCODE laterality 'Right and left' and orderDetail modifier 50",
          why="50593 is unilateral: an order for both sides must name each side → conditional")
def _(s):
    s.base("Thelonius", "Marwick", "male", "1958-06-16")
    s.enc("AMB")
    s.small_rcc(3.0)
    s.attest("not-surgical-candidate")
    o = s.order("50593", reason="rcc")
    o["bodySite"] = [{"coding": [{"system": SCT, "code": "64033007", "display": "Kidney structure"}],
                      "extension": [{"url": LATERALITY, "valueCodeableConcept": cc(SCT, "51440002", "Right and left")}]}]
    o["orderDetail"] = [cc(CPT, "50", "Bilateral procedure")]
    s.hapi_paging()
    s.expect("order", "conditional", "no-auth")


@scenario(31, "hapi-surgical-candidate", "HAPI: small localized RCC in a surgical candidate",
          source="HAPI", site="Kidney / 50593",
          facts="C64.1 3.0 cm stage I; surgical-candidate=true; normal eGFR 88; no total, self/next links",
          why="Policy: cryoablation is investigational for RCC in a surgical candidate without renal insufficiency → not-covered")
def _(s):
    s.base("Genevieve", "Albright", "female", "1962-11-11")
    s.enc("AMB")
    s.small_rcc(3.0)
    s.egfr(88)
    s.attest("surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.hapi_paging()
    s.expect("order", "not-covered")


# =================================================================================================== Issue 22: unconfirmed findings, symptom reasons, two tumours on one side
@scenario(32, "cerner-provisional-lung-metastasis-after-staging", "Oracle Health: a provisional lung metastasis recorded after cN0 cM0",
          source="Oracle Health", site="Kidney / 50593",
          facts="C64.1 3.0 cm, stage I cT1a cN0 cM0 (2026-10-22); C78.01 secondary malignant neoplasm of right lung, verificationStatus provisional, recorded 2026-11-12; not-surgical-candidate",
          why="An unconfirmed metastasis recorded after the staging that said localized would make the answer not-covered if confirmed: conditional, ask to confirm it (confirm-metastasis, I-17); never covered while ignoring it, never denied on it alone")
def _(s):
    s.base("Augustin", "Pellegrino", "male", "1952-03-19")
    s.enc("AMB")
    s.small_rcc(3.0, local=(CERNER_DX, "10457862", "Renal cell carcinoma, right"))
    s.cond("lung-met", [(CERNER_DX, "10598144", "Pulmonary metastases"), (ICD, "C78.01", "Secondary malignant neoplasm of right lung"),
                        (SCT, "94391008", "Secondary malignant neoplasm of lung")],
           text="Pulmonary nodule, suspicious for metastasis", verification="provisional", onset="2026-11-12")
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "conditional", "no-auth")


@scenario(33, "cerner-unconfirmed-metastasis-before-staging", "Oracle Health: an unconfirmed metastasis recorded before cN0 cM0",
          source="Oracle Health", site="Kidney / 50593",
          facts="C78.01 verificationStatus unconfirmed, recorded 2026-10-01; then C64.1 3.0 cm staged cT1a cN0 cM0, stage I on 2026-10-22; not-surgical-candidate",
          why="The staging recorded after the unconfirmed finding decides (I-17): localized, ≤ 4 cm, not a candidate → covered")
def _(s):
    s.base("Leontyne", "Marchetti", "female", "1954-09-07")
    s.enc("AMB")
    s.small_rcc(3.0)
    s.cond("lung-met", [(ICD, "C78.01", "Secondary malignant neoplasm of right lung")], text="Lung nodule, ? metastasis",
           verification="unconfirmed", onset="2026-10-01")
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "no-auth")


@scenario(34, "epic-reason-hematuria", "Epic: the order's reason is gross hematuria, the tumour is on the problem list",
          source="Epic", site="Kidney / 50593",
          facts="reasonReference → Condition R31.0 gross hematuria (Epic EDG id first, SNOMED 34436003, encounter diagnosis); C64.1 RCC on the problem list, 3.2 cm cT1a cN0 cM0; not-surgical-candidate; outcome entries",
          why="A symptom as the reason: the kidney tumours at the ordered site are used, and a card note says so → small localized RCC, not a candidate → covered")
def _(s):
    s.base("Ferdinand", "Ostrowski", "male", "1949-05-23")
    s.enc("AMB")
    s.small_rcc(local=(EPIC_DX, "1183842", "Renal cell carcinoma of right kidney"))
    s.cond("hematuria", [(EPIC_DX, "1014217", "Gross hematuria"), (ICD, "R31.0", "Gross hematuria"), (SCT, "34436003", "Blood in urine")],
           text="Gross hematuria", category="encounter-diagnosis", onset="2026-09-30")
    s.attest("not-surgical-candidate")
    s.order("50593", reason="hematuria", body="right-kidney")
    s.epic_outcomes()
    s.expect("order", "covered", "no-auth")


# ============================================================ issue 22: setting, guidance ties, payor, record scope
MOD_EXT_URL = "http://example.org/fhir/StructureDefinition/ehr-local-finding-status"


@scenario(60, "hapi-cancelled-inpatient-encounter", "HAPI: the hook's inpatient Encounter was cancelled",
          source="HAPI", site="Kidney / 50593",
          facts="Encounter class IMP, status cancelled; small localized RCC, not a candidate",
          why="A cancelled (or entered-in-error) Encounter says nothing about the setting (data-conventions: Care setting) → covered; setting unknown → prior auth conditional, not auth-needed")
def _(s):
    s.base("Aurelio", "Stanhope", "male", "1951-04-14")
    s.enc("IMP")
    s.encounter["status"] = "cancelled"
    s.small_rcc(3.1)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.hapi_paging()
    s.expect("order", "covered", "conditional")


@scenario(61, "epic-emergency-visit-admitted", "Epic: emergency visit that shows an admission",
          source="Epic", site="Kidney / 50593",
          facts="Encounter class EMER with hospitalization.admitSource emd, dischargeDisposition other-hcf, partOf an inpatient Encounter not in the prefetch; small localized RCC, not a candidate",
          why="An emergency visit whose hospitalization shows an admission is never 'no-auth' (data-conventions: Care setting) → covered; setting unknown → prior auth conditional")
def _(s):
    s.base("Philippa", "Roundtree", "female", "1949-10-02")
    s.enc("EMER")
    s.encounter["hospitalization"] = {
        "admitSource": cc("http://terminology.hl7.org/CodeSystem/admit-source", "emd", "From accident/emergency department"),
        "dischargeDisposition": cc("http://terminology.hl7.org/CodeSystem/discharge-disposition", "other-hcf", "Other healthcare facility"),
    }
    # The inpatient stay the visit belongs to is on the EHR, not in the prefetch (shape only: the bundle has no such Encounter).
    s.shape(lambda req: req["prefetch"]["encounter"].__setitem__("partOf", ref("Encounter", s.id("inpatient-stay"))))
    s.small_rcc(2.9)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.epic_outcomes()
    s.expect("order", "covered", "conditional")


@scenario(62, "hapi-two-ablations-two-guidance", "HAPI: two ablations, each with its own guidance order",
          source="HAPI", site="Kidney 50593 + bone 20983 / 77013 + 76940",
          facts="50593 for a small localized RCC (not a candidate) and 20983 bone cryoablation; 77013 reasonReference ServiceRequest of the 50593, 76940 reasonReference ServiceRequest of the 20983",
          why="Each guidance order follows the ablation its reasonReference names (policy-decisions: guidance): 77013 covered with the kidney ablation, 76940 not covered with the bone ablation (investigational)")
def _(s):
    s.base("Lucasta", "Everleigh", "female", "1955-01-25")
    s.enc("AMB")
    s.small_rcc(3.0)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.order("20983", suffix="bone")
    ct = s.order("77013", suffix="guidance-ct")
    ct["reasonReference"] = [ref("ServiceRequest", s.id("order"))]
    us = s.order("76940", suffix="guidance-us")
    us["reasonReference"] = [ref("ServiceRequest", s.id("bone"))]
    s.hapi_paging()
    s.expect("order", "covered", "no-auth")
    s.expect("bone", "not-covered")
    s.expect("guidance-ct", "covered", "no-auth")
    s.expect("guidance-us", "not-covered")


@scenario(63, "hapi-bare-payor-only-coverage", "HAPI: the only Coverage names its payor by a bare reference",
          source="HAPI", site="Kidney / 50593",
          facts="One active Coverage whose payor is {\"reference\": \"Organization/w63-payor\"} only: no display, no identifier, no include entry, no FHIR server access; small localized RCC, not a candidate",
          why="A payer that cannot be identified is answered when its Coverage is the patient's only one in force, and the card says the payer could not be confirmed (data-conventions: Which Coverage) → covered")
def _(s):
    s.base("Ignatius", "Fairweather", "male", "1953-06-07")
    s.drop_default_coverage()
    s.coverage("bare", None, payor_ref={"reference": f"Organization/{s.id('payor')}"})
    s.enc("AMB")
    s.small_rcc(3.3)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.hapi_paging(include_payor=False)
    s.expect("order", "covered", "no-auth")


@scenario(64, "epic-condition-of-another-patient", "Epic: a merged search returns another patient's metastasis",
          source="Epic", site="Kidney / 50593",
          facts="Small localized RCC, not a candidate; the conditions search also holds a C78.00 lung metastasis Condition whose subject is another patient",
          why="A resource is evidence only when it is about the hook's patient (data-conventions: Which resources are evidence): the other patient's metastasis is set aside and noted → covered")
def _(s):
    s.base("Marguerite", "Holloway", "female", "1956-08-19")
    s.enc("AMB")
    s.small_rcc(3.0)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")

    def other_patients_condition(req):
        req["prefetch"]["conditions"]["entry"].append({
            "fullUrl": f"{EHR_BASE}/Condition/{s.id('other-patient-met')}", "search": {"mode": "match"},
            "resource": {"resourceType": "Condition", "id": s.id("other-patient-met"),
                         "clinicalStatus": cc(samples.CLIN, "active"), "verificationStatus": cc(samples.VER, "confirmed"),
                         "code": {"coding": [{"system": ICD, "code": "C78.00", "display": "Secondary malignant neoplasm of unspecified lung"}]},
                         "subject": ref("Patient", s.id("another-patient")), "recordedDate": "2026-10-30"}})
    s.shape(other_patients_condition)
    s.epic_outcomes()
    s.expect("order", "covered", "no-auth")


@scenario(35, "hapi-two-tumours-same-side-different-sizes", "HAPI: two C64.1 records, same onset, focused sizes 2.5 cm and 5 cm",
          source="HAPI", site="Kidney / 50593",
          facts="Two C64.1 Conditions, onset 2026-10-22 both; one with a focused 2.5 cm size, the other with a focused 5.0 cm size; cN0/cM0 focused on each; order bodySite right kidney, no reasonReference",
          why="Their own results differ, so they are two tumours (data-conventions: Which tumour): without a reasonReference naming one → conditional (target-tumor), never covered on the smaller one")
def _(s):
    s.base("Marguerite", "Vandersloot", "female", "1950-12-02")
    s.enc("AMB")
    for tumour, size in (("upper-pole", 2.5), ("lower-pole", 5.0)):
        s.cond(tumour, [(ICD, "C64.1", "Malignant neoplasm of right kidney, except renal pelvis")], text=f"RCC right kidney, {tumour.replace('-', ' ')}",
               body="right-kidney")
        s.obs(f"size-{tumour}", cc(LOINC, "21889-1", "Size Tumor"), category="imaging", effective=samples.IMAGING,
              focus=[ref("Condition", s.id(tumour))], valueQuantity={"value": size, "unit": "cm", "system": UCUM, "code": "cm"})
        for axis, code, value in (("n", "21906-3", "1229967007"), ("m", "21907-1", "1229901006")):
            s.obs(f"stage-{axis}-{tumour}", cc(LOINC, code), category="exam", effective=samples.STAGING,
                  focus=[ref("Condition", s.id(tumour))], valueCodeableConcept=cc(SCT, value))
    s.attest("not-surgical-candidate")
    s.order("50593", body="right-kidney")
    s.hapi_paging()
    s.expect("order", "conditional", "no-auth")


@scenario(65, "cerner-tumour-unknown-modifier-extension", "Oracle Health: the tumour Condition carries an unknown modifierExtension",
          source="Oracle Health", site="Kidney / 50593",
          facts="Small localized RCC, not a candidate; the C64.1 Condition carries a modifierExtension (a local finding status) the service does not understand",
          why="A modifierExtension may change what the resource means: the Condition is set aside and the card names it (data-conventions: Which resources are evidence) → no diagnosis → conditional")
def _(s):
    s.base("Bartholomew", "Ashdown", "male", "1950-12-30")
    s.enc("AMB")
    s.small_rcc(3.0)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.edit("Condition", s.id("rcc"), lambda c: c.__setitem__("modifierExtension", [
        {"url": MOD_EXT_URL, "valueCodeableConcept": {"text": "Ruled out at tumour board"}}]))
    s.expect("order", "conditional", "no-auth")


def main():
    samples.write_scenarios(HERE, SCENARIOS)
    rows = ["| # | source | scenario | site / CPT | shape and facts | expected | why |", "|---|---|---|---|---|---|---|"]
    for s in sorted(SCENARIOS, key=lambda x: x.num):
        outs = "<br>".join(f"**{e['covered']}**" + (f" / {e['paNeeded']}" if e.get("paNeeded") else "") for e in s.expected)
        outs = outs or "**no coverage-information**; card \"No … coverage found for &lt;date&gt;\""
        rows.append(f"| {s.num:02d} | {s.source} | [`{s.dir}`]({s.dir}/) | {s.site} | {s.facts} | {outs} | {s.why} |")
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as f:
        f.write("# Real-world shape samples\n\n"
                "The facts of the main samples written the way real servers send them, shaped after each source's "
                "published examples: Epic (local `urn:oid:1.2.840.114350…` codes first, an OperationOutcome entry with "
                "`search.mode` `outcome` in every search), Oracle Health / Cerner (`https://fhir.cerner.com/…` codes "
                "first, empty members, unit spellings without a system, panels), Synthea (SNOMED CT only, stage-specific "
                "disorders, `urn:uuid:` fullUrls and references) and HAPI FHIR search Bundles (no `total`, `self`/`next` "
                "links, `include` entries, absolute, versioned and contained references). Coverage variants (another "
                "payer, lapsed, `order`, `ServiceRequest.insurance`) and dates of service with offsets around midnight "
                "are spread across them. Every expected answer follows from the policy and the documented conventions "
                "([data-conventions](../../docs/data-conventions.md), [policy-decisions](../../docs/policy-decisions.md), "
                "[fhir-data-access](../../docs/fhir-data-access.md)); the *why* column says which.\n\n"
                "Same layout as [../README.md](../README.md): `bundle.json` (transaction, plain relative shape) and "
                "`hook-request.json` (order-sign, prefetch in the source's shape) per folder; `expected.json` lists the "
                "answers. The end-to-end test (`SampleScenarioTests`) posts every request to **both** hooks "
                "(order-select with every order selected, a fresh hookInstance each). The prefetch path reads the "
                "Bundles it is given: a `next` link in a prefetch value is not followed (only searches the service "
                "runs itself follow `next`). Regenerate with `python3 generate.py` (ids start `wNN-`).\n\n"
                + "\n".join(rows) + "\n")
    print(f"wrote {len(SCENARIOS)} scenarios")


if __name__ == "__main__":
    main()
