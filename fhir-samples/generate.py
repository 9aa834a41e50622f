#!/usr/bin/env python3
"""Generates the CryoCdsHooks sample scenarios (BCBS MA Medical Policy 260).

For every scenario this writes, under fhir-samples/NN-short-name/:
  bundle.json        FHIR R4 transaction Bundle (PUT Type/id) loadable into any FHIR server
  hook-request.json  CDS Hooks 2.0 request whose prefetch holds the same clinical resources
and, once for all scenarios, fhir-samples/expected.json (end-to-end test expectations).

Run:  python3 fhir-samples/generate.py      (idempotent; output is deterministic)

All people, identifiers and addresses are fictitious.
"""
import copy
import hashlib
import json
import os
import shutil
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
EHR_BASE = "https://ehr.example.org/fhir"

CPT = "http://www.ama-assn.org/go/cpt"
ICD = "http://hl7.org/fhir/sid/icd-10-cm"
SCT = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
AJCC = "http://cancerstaging.org"
ATTEST = "http://cryocdshooks.org/fhir/CodeSystem/mp260-attestation"
CLIN = "http://terminology.hl7.org/CodeSystem/condition-clinical"
VER = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
ACT = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
OBSCAT = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDCAT = "http://terminology.hl7.org/CodeSystem/condition-category"
BCBSMA = "Blue Cross Blue Shield of Massachusetts"

# Reference date of every order (ServiceRequest.authoredOn). "Recent" = within 90 days before it.
AUTHORED = "2026-11-20T14:30:00-05:00"
PLANNED = "2026-12-03T08:00:00-05:00"
RECENT_LAB = "2026-10-30T08:10:00-04:00"      # 21 days before authoredOn
STALE_LAB = "2026-07-10T09:05:00-04:00"       # 133 days before authoredOn (outside 90-day window)
IMAGING = "2026-10-15T11:20:00-04:00"
STAGING = "2026-10-22T16:00:00-04:00"
ATTESTED = "2026-11-18T10:00:00-05:00"

CPT_DISPLAY = {
    "50593": "Ablation, renal tumor(s), unilateral, percutaneous, cryotherapy",
    "50250": "Ablation, open, 1 or more renal mass lesion(s), cryosurgical, including intraoperative ultrasound guidance and monitoring, if performed",
    "50542": "Laparoscopy, surgical; ablation of renal mass lesion(s), including intraoperative ultrasound guidance and monitoring, when performed",
    "32994": "Ablation therapy for reduction or eradication of 1 or more pulmonary tumor(s) including pleura or chest wall when involved by tumor extension, percutaneous, including imaging guidance when performed, unilateral; cryoablation",
    "76940": "Ultrasound guidance for, and monitoring of, parenchymal tissue ablation",
    "77013": "Computed tomography guidance for, and monitoring of, parenchymal tissue ablation",
    "77022": "Magnetic resonance guidance for, and monitoring of, parenchymal tissue ablation",
    "0581T": "Ablation, malignant breast tumor(s), percutaneous, cryotherapy, including imaging guidance when performed, unilateral",
    "19105": "Ablation, cryosurgical, of fibroadenoma, including ultrasound guidance, each fibroadenoma",
    "20983": "Ablation therapy for reduction or eradication of 1 or more bone tumors (eg, metastasis) including adjacent soft tissue when involved by tumor extension, percutaneous, including imaging guidance when performed; cryoablation",
    "47381": "Ablation, open, of 1 or more liver tumor(s); cryosurgical",
    "48999": "Unlisted procedure, pancreas",
    "50220": "Nephrectomy, including partial ureterectomy, any open approach including rib resection",
}

BODY = {
    "right-kidney": ("9846003", "Right kidney structure"),
    "left-kidney": ("18639004", "Left kidney structure"),
    "right-lung": ("3341006", "Right lung structure"),
    "left-lung": ("44029006", "Left lung structure"),
    "breast": ("76752008", "Breast structure"),
    "pancreas": ("15776009", "Pancreatic structure"),
    "liver": ("10200004", "Liver structure"),
}

ENC_CLASS = {
    "IMP": "inpatient encounter", "ACUTE": "inpatient acute", "NONAC": "inpatient non-acute",
    "AMB": "ambulatory", "OBSENC": "observation encounter", "SS": "short stay", "HH": "home health",
    "VR": "virtual", "EMER": "emergency",
}

TNM = {
    "cT1a": "1228892002", "cT1b": "1228895000", "cT2a": "1228931008", "cT3": "1228938002",
    "cN0": "1229967007", "cN2": "1229978004",
    "cM0": "1229901006", "cM1": "1229903009",
}
TNM_LOINC = {"T": ("21905-5", "Primary tumor.clinical [Class] Cancer"),
             "N": ("21906-3", "Regional lymph nodes.clinical [Class] Cancer"),
             "M": ("21907-1", "Distant metastases.clinical [Class] Cancer")}
STAGE_TEXT = {"1": "Stage I", "1A": "Stage IA", "2B": "Stage IIB", "3A": "Stage IIIA", "3B": "Stage IIIB", "4": "Stage IV"}
ATTEST_DISPLAY = {
    "not-surgical-candidate": "Not a surgical candidate",
    "surgical-candidate": "Surgical candidate",
    "resection-worsens-kidney-function": "Standard resection likely to worsen kidney function substantially",
    "central-airway-obstruction": "Requires palliation for a central airway obstructing lesion",
}


def cc(system, code, display=None, text=None):
    coding = {"system": system, "code": code}
    if display:
        coding["display"] = display
    out = {"coding": [coding]}
    if text:
        out["text"] = text
    return out


def ref(rtype, rid, display=None):
    r = {"reference": f"{rtype}/{rid}"}
    if display:
        r["display"] = display
    return r


class Scenario:
    def __init__(self, num, slug, title, *, hook="order-sign", site, facts, why):
        self.num = num
        self.slug = slug
        self.dir = f"{num:02d}-{slug}"
        self.p = f"s{num:02d}"
        self.title = title
        self.hook = hook
        self.site = site
        self.facts = facts
        self.why = why
        self.resources = []          # everything in bundle.json, in load order
        self.orders = []             # ServiceRequest resources (draftOrders)
        self.selections = None
        self.expected = []           # expected per-order answers
        self.not_answered = []
        self.no_coverage = []
        self.patient = None
        self.encounter = None
        self.practitioner_id = f"{self.p}-practitioner"

    # ---- building blocks -------------------------------------------------
    def id(self, suffix):
        return f"{self.p}-{suffix}"

    def add(self, res):
        self.resources.append(res)
        return res

    def base(self, given, family, gender, birth, plan="PPO", coverage=True, city="Worcester"):
        self.add({
            "resourceType": "Practitioner", "id": self.practitioner_id,
            "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": f"99990{self.num:05d}"}],
            "name": [{"family": "Okafor" if self.num % 2 else "Lindqvist", "given": ["Adaeze" if self.num % 2 else "Per"], "prefix": ["Dr."]}],
        })
        self.patient = self.add({
            "resourceType": "Patient", "id": self.id("patient"),
            "identifier": [{"type": cc("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number"),
                            "system": "https://ehr.example.org/fhir/sid/mrn", "value": f"MRN-{self.num:02d}{int(hashlib.md5(family.encode()).hexdigest()[:6], 16) % 10000:04d}"}],
            "active": True,
            "name": [{"use": "official", "family": family, "given": [given]}],
            "gender": gender, "birthDate": birth,
            "address": [{"use": "home", "line": [f"{10 + self.num} Example Street"], "city": city, "state": "MA", "postalCode": "01601", "country": "US"}],
        })
        if coverage:
            org = self.add({
                "resourceType": "Organization", "id": self.id("payor"), "active": True,
                "type": [cc("http://terminology.hl7.org/CodeSystem/organization-type", "pay", "Payer")],
                "name": BCBSMA,
            })
            plan_name = {"PPO": "Blue Care Elect PPO", "HMO": "HMO Blue", "MAPPO": "Medicare PPO Blue", "MAHMO": "Medicare HMO Blue"}[plan]
            self.add({
                "resourceType": "Coverage", "id": self.id("coverage"), "status": "active",
                "type": cc("http://terminology.hl7.org/CodeSystem/v3-ActCode", "HMO" if "HMO" in plan else "PPO",
                           "health maintenance organization policy" if "HMO" in plan else "preferred provider organization policy"),
                "subscriberId": f"XQE{self.num:02d}8841{self.num:02d}",
                "beneficiary": ref("Patient", self.patient["id"]),
                "relationship": cc("http://terminology.hl7.org/CodeSystem/subscriber-relationship", "self", "Self"),
                "period": {"start": "2026-01-01", "end": "2026-12-31"},
                "payor": [ref("Organization", org["id"], BCBSMA)],
                "class": [{"type": cc("http://terminology.hl7.org/CodeSystem/coverage-class", "plan", "Plan"),
                           "value": plan, "name": plan_name}],
            })

    def enc(self, cls):
        self.encounter = self.add({
            "resourceType": "Encounter", "id": self.id("encounter"),
            "status": "in-progress",
            "class": {"system": ACT, "code": cls, "display": ENC_CLASS[cls]},
            "subject": ref("Patient", self.patient["id"]),
            "participant": [{"individual": ref("Practitioner", self.practitioner_id)}],
            "period": {"start": "2026-11-20T13:45:00-05:00"},
        })

    def cond(self, suffix, codings, *, text, body=None, clinical="active", verification="confirmed",
             onset="2026-10-22", category="problem-list-item", note=None):
        res = {
            "resourceType": "Condition", "id": self.id(suffix),
            "clinicalStatus": cc(CLIN, clinical),
            "verificationStatus": cc(VER, verification),
            "category": [cc(CONDCAT, category, "Problem List Item" if category == "problem-list-item" else "Encounter Diagnosis")],
            "code": {"coding": [{"system": s, "code": c, "display": d} for s, c, d in codings], "text": text},
            "subject": ref("Patient", self.patient["id"]),
            "onsetDateTime": onset,
            "recordedDate": onset,
        }
        if body:
            res["bodySite"] = [cc(SCT, *BODY[body])]
        if clinical in ("resolved", "inactive", "remission"):
            res["abatementDateTime"] = onset
        if note:
            res["note"] = [{"text": note}]
        return self.add(res)

    def obs(self, suffix, code, *, category, effective, **value):
        res = {
            "resourceType": "Observation", "id": self.id(suffix), "status": value.pop("status", "final"),
            "category": [cc(OBSCAT, category)],
            "code": code,
            "subject": ref("Patient", self.patient["id"]),
            "effectiveDateTime": effective,
            "issued": effective,
            "performer": [ref("Practitioner", self.practitioner_id)],
        }
        for k in ("focus", "valueQuantity", "valueCodeableConcept", "valueBoolean", "component", "bodySite", "method",
                  "interpretation", "referenceRange", "note"):
            if k in value:
                res[k] = value[k]
        return self.add(res)

    def egfr(self, value, when=RECENT_LAB, suffix="egfr"):
        q = {"value": value, "unit": "mL/min/{1.73_m2}", "system": UCUM, "code": "mL/min/{1.73_m2}"}
        extra = {}
        if value < 60:
            extra["interpretation"] = [cc("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "L", "Low")]
        return self.obs(suffix, cc(LOINC, "98979-8",
                                   "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)",
                                   "eGFR (CKD-EPI 2021)"),
                        category="laboratory", effective=when, valueQuantity=q,
                        referenceRange=[{"low": {"value": 60, "unit": "mL/min/{1.73_m2}", "system": UCUM, "code": "mL/min/{1.73_m2}"}}],
                        **extra)

    def size(self, value, unit="cm", *, body, focus, as_component=False):
        q = {"value": value, "unit": unit, "system": UCUM, "code": unit}
        kw = {"bodySite": cc(SCT, *BODY[body]), "focus": [ref("Condition", focus)]}
        if as_component:
            kw["component"] = [{"code": cc(LOINC, "33728-7", "Size.maximum dimension in Tumor"), "valueQuantity": q}]
        else:
            kw["valueQuantity"] = q
        return self.obs("tumor-size", cc(LOINC, "21889-1", "Size Tumor", "Tumor size (CT)"),
                        category="imaging", effective=IMAGING, **kw)

    def stage(self, group=None, *, focus, t=None, n=None, m=None):
        method = cc(SCT, "897275008", "American Joint Commission on Cancer, Cancer Staging Manual, 8th edition neoplasm staging system (tumor staging)")
        if group:
            self.obs("stage-group", cc(LOINC, "21908-9", "Stage group.clinical Cancer"), category="exam", effective=STAGING,
                     focus=[ref("Condition", focus)], method=method,
                     valueCodeableConcept=cc(AJCC, group, STAGE_TEXT[group], STAGE_TEXT[group]))
        for axis, val in (("T", t), ("N", n), ("M", m)):
            if val:
                lc, ld = TNM_LOINC[axis]
                self.obs(f"stage-{axis.lower()}", cc(LOINC, lc, ld), category="exam", effective=STAGING,
                         focus=[ref("Condition", focus)], method=method,
                         valueCodeableConcept=cc(SCT, TNM[val], f"American Joint Committee on Cancer {val} (qualifier value)", val))

    def attest(self, code, value=True, suffix=None):
        return self.obs(suffix or f"attest-{code}", cc(ATTEST, code, ATTEST_DISPLAY[code]), category="survey",
                        effective=ATTESTED, valueBoolean=value)

    def order(self, cpt, *, suffix="order", reason=None, body=None, text=None):
        res = {
            "resourceType": "ServiceRequest", "id": self.id(suffix),
            "status": "draft", "intent": "order",
            "category": [cc(SCT, "363679005", "Imaging") if cpt in ("76940", "77013", "77022")
                         else cc(SCT, "387713003", "Surgical procedure")],
            "code": {"coding": [{"system": CPT, "code": cpt, "display": CPT_DISPLAY[cpt]}], "text": text or CPT_DISPLAY[cpt]},
            "subject": ref("Patient", self.patient["id"]),
            "occurrenceDateTime": PLANNED,
            "authoredOn": AUTHORED,
            "requester": ref("Practitioner", self.practitioner_id),
        }
        if self.encounter:
            res["encounter"] = ref("Encounter", self.encounter["id"])
        if reason:
            res["reasonReference"] = [ref("Condition", self.id(reason))]
        if body:
            res["bodySite"] = [cc(SCT, *BODY[body])]
        self.orders.append(res)
        return self.add(res)

    def expect(self, suffix, covered, pa=None, reason=None, info=None):
        e = {"reference": f"ServiceRequest/{self.id(suffix)}", "covered": covered, "paNeeded": pa}
        if reason:
            e["reason"] = reason
        if info:
            e["infoNeeded"] = info
        self.expected.append(e)

    # ---- common clinical pictures -----------------------------------------
    def rcc(self, side="right", **kw):
        code = "C64.1" if side == "right" else "C64.2"
        return self.cond("rcc", [(ICD, code, f"Malignant neoplasm of {side} kidney, except renal pelvis"),
                                 (SCT, "702391001", "Primary renal cell carcinoma")],
                         text=f"Clear cell renal cell carcinoma, {side} kidney", body=f"{side}-kidney", **kw)

    def localized_renal(self, size=3.2, unit="cm", side="right", t="cT1a", group="1"):
        self.size(size, unit, body=f"{side}-kidney", focus=self.id("rcc"))
        self.stage(group, focus=self.id("rcc"), t=t, n="cN0", m="cM0")

    # ---- output ------------------------------------------------------------
    def _key(self):
        return str(uuid.UUID(bytes=hashlib.md5(self.dir.encode()).digest(), version=4))

    def bundle(self):
        return {
            "resourceType": "Bundle", "id": self.id("transaction"), "type": "transaction",
            "entry": [{"fullUrl": f"{EHR_BASE}/{r['resourceType']}/{r['id']}", "resource": r,
                       "request": {"method": "PUT", "url": f"{r['resourceType']}/{r['id']}"}} for r in self.resources],
        }

    def searchset(self, rtype, key):
        found = [r for r in self.resources if r["resourceType"] == rtype]
        out = {
            "resourceType": "Bundle", "id": f"{self.p}-prefetch-{key}", "type": "searchset", "total": len(found),
            "link": [{"relation": "self", "url": f"{EHR_BASE}/{rtype}?patient={self.patient['id']}"}],
        }
        if found:  # FHIR JSON forbids empty arrays: an empty search result has no "entry" at all
            out["entry"] = [{"fullUrl": f"{EHR_BASE}/{rtype}/{r['id']}", "resource": copy.deepcopy(r), "search": {"mode": "match"}} for r in found]
        return out

    def hook_request(self):
        ctx = {"userId": f"Practitioner/{self.practitioner_id}", "patientId": self.patient["id"]}
        if self.encounter:
            ctx["encounterId"] = self.encounter["id"]
        ctx["draftOrders"] = {
            "resourceType": "Bundle", "type": "collection",
            "entry": [{"fullUrl": f"{EHR_BASE}/ServiceRequest/{o['id']}", "resource": copy.deepcopy(o)} for o in self.orders],
        }
        if self.hook == "order-select":
            ctx["selections"] = self.selections or [f"ServiceRequest/{o['id']}" for o in self.orders]
        return {
            "hookInstance": self._key(),
            "hook": self.hook,
            "context": ctx,
            "prefetch": {
                "patient": copy.deepcopy(self.patient),
                "encounter": copy.deepcopy(self.encounter),
                "coverage": self.searchset("Coverage", "coverage"),
                "conditions": self.searchset("Condition", "conditions"),
                "observations": self.searchset("Observation", "observations"),
                "procedures": self.searchset("Procedure", "procedures"),
                # optional key: written only for scenarios that hold reports, so the others keep their prefetch
                **({"diagnosticReports": self.searchset("DiagnosticReport", "diagnosticReports")}
                   if any(r["resourceType"] == "DiagnosticReport" for r in self.resources) else {}),
            },
        }

    def service(self):
        return "cryoablation-order-select" if self.hook == "order-select" else "cryoablation-order-sign"

    def expected_entry(self):
        e = {"scenario": self.dir, "service": self.service(), "request": f"{self.dir}/hook-request.json",
             "orders": self.expected}
        if self.not_answered:
            e["notAnswered"] = self.not_answered
        if self.no_coverage:
            e["noCoverage"] = self.no_coverage
        return e


SCENARIOS = []


def scenario_registry(cls, registry):
    """The @scenario decorator of a sample set: builds a `cls` scenario and adds it to `registry`."""
    def scenario(num, slug, title, **kw):
        def deco(fn):
            s = cls(num, slug, title, **kw)
            fn(s)
            registry.append(s)
            return fn
        return deco
    return scenario


scenario = scenario_registry(Scenario, SCENARIOS)


# =============================================================================== renal
@scenario(1, "renal-50593-not-candidate-outpatient", "Percutaneous renal cryo, small localized RCC, not a surgical candidate",
          site="Kidney / 50593",
          facts="C64.1 confirmed; 3.2 cm; cT1a cN0 cM0 (no stage group); attestation not-surgical-candidate=true; AMB encounter",
          why="RCC ≤4 cm, localized, not a surgical candidate → medically necessary; outpatient → no PA")
def _(s):
    s.base("Marguerite", "Halloran", "female", "1948-03-14", plan="MAPPO")
    s.enc("AMB")
    s.rcc()
    s.size(3.2, body="right-kidney", focus=s.id("rcc"))
    s.stage(None, focus=s.id("rcc"), t="cT1a", n="cN0", m="cM0")
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "no-auth")


@scenario(2, "renal-50250-single-kidney-inpatient", "Open renal cryo, single kidney (Z90.5), resection worsens function, inpatient",
          site="Kidney / 50250",
          facts="C64.1 3.0 cm stage I cN0 cM0; Z90.5 (left kidney absent); no eGFR; resection-worsens=true; candidacy unknown; IMP encounter",
          why="1 kidney + resection would worsen function → medically necessary (eGFR not needed); inpatient → PA required")
def _(s):
    s.base("Desmond", "Achterberg", "male", "1959-07-02", plan="HMO")
    s.enc("IMP")
    s.rcc()
    s.cond("absent-kidney", [(ICD, "Z90.5", "Acquired absence of kidney")], text="Status post left radical nephrectomy (2015)",
           body="left-kidney", onset="2015-04-09")
    s.localized_renal(3.0)
    s.attest("resection-worsens-kidney-function")
    s.order("50250", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "auth-needed")


@scenario(3, "renal-50542-egfr52-resection-worsens", "Laparoscopic renal ablation, eGFR 52, resection worsens function",
          site="Kidney / 50542",
          facts="C64.2 2.6 cm stage I cN0 cM0; eGFR 52 (21 days before order); resection-worsens=true; candidacy unknown; two kidneys; AMB",
          why="Renal insufficiency (GFR < 60) + resection would worsen function → medically necessary; outpatient → no PA (50542 modality note I-15)")
def _(s):
    s.base("Rosalind", "Ferreira-Budd", "female", "1955-11-23", plan="PPO", city="Springfield")
    s.enc("AMB")
    s.rcc("left")
    s.localized_renal(2.6, side="left")
    s.egfr(52)
    s.cond("ckd", [(ICD, "N18.31", "Chronic kidney disease, stage 3a")], text="CKD stage 3a", onset="2023-02-01")
    s.attest("resection-worsens-kidney-function")
    s.order("50542", reason="rcc", body="left-kidney")
    s.expect("order", "covered", "no-auth")


@scenario(4, "renal-45mm-criteria-not-met", "Renal cryo for a 4.5 cm RCC (size in mm, mCODE component)",
          site="Kidney / 50593",
          facts="C64.1; tumour size 45 mm (component 33728-7); cT1b cN0 cM0 stage I; not-surgical-candidate=true; AMB",
          why="RCC > 4 cm → not covered, criteria not met (I-7); not-covered carries no pa-needed")
def _(s):
    s.base("Theodore", "Van Kampen", "male", "1944-01-30", plan="MAHMO")
    s.enc("AMB")
    s.rcc()
    s.size(45, "mm", body="right-kidney", focus=s.id("rcc"), as_component=True)
    s.stage("1", focus=s.id("rcc"), t="cT1b", n="cN0", m="cM0")
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "not-covered")


@scenario(5, "renal-metastatic-cm1", "Renal cryo for metastatic RCC (cM1)",
          site="Kidney / 50593",
          facts="C64.2 3.5 cm; cT1a cN0 cM1, stage IV; not-surgical-candidate=true; AMB",
          why="RCC not localized (M1) → not covered, criteria not met (I-7)")
def _(s):
    s.base("Ingrid", "Solberg-Maas", "female", "1951-05-17", plan="PPO")
    s.enc("AMB")
    s.rcc("left")
    s.size(3.5, body="left-kidney", focus=s.id("rcc"))
    s.stage("4", focus=s.id("rcc"), t="cT1a", n="cN0", m="cM1")
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="left-kidney")
    s.expect("order", "not-covered")


@scenario(6, "renal-surgical-candidate-investigational", "Renal cryo in a surgical candidate with normal kidney function",
          site="Kidney / 50593",
          facts="C64.1 2.8 cm stage I cN0 cM0; two kidneys; eGFR 85; surgical-candidate=true; AMB",
          why="RCC in a surgical candidate → investigational (not-covered)")
def _(s):
    s.base("Kwame", "Asante-Rourke", "male", "1972-09-08", plan="HMO")
    s.enc("AMB")
    s.rcc()
    s.localized_renal(2.8)
    s.egfr(85)
    s.attest("surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "not-covered")


@scenario(7, "renal-candidacy-unknown", "Renal cryo, 3 cm localized RCC, normal eGFR, no attestations",
          site="Kidney / 50593",
          facts="C64.1 3.0 cm stage I cN0 cM0; eGFR 75; no attestations; AMB",
          why="No kidney-preservation need and surgical candidacy undocumented → needs information (conditional); outpatient → no-auth")
def _(s):
    s.base("Beatrix", "Oyelaran", "female", "1963-02-19", plan="PPO")
    s.enc("AMB")
    s.rcc()
    s.localized_renal(3.0)
    s.egfr(75)
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "conditional", "no-auth")


@scenario(8, "renal-no-size-no-staging-inpatient", "Open renal cryo with no tumour size and no staging, inpatient",
          site="Kidney / 50250",
          facts="C64.2 only (no size, no TNM/stage, no metastasis); not-surgical-candidate=true; IMP",
          why="Size and localization unknown (strict I-8) → needs information; inpatient → auth-needed")
def _(s):
    s.base("Lorcan", "Pettigrew", "male", "1949-12-01", plan="MAPPO")
    s.enc("IMP")
    s.rcc("left")
    s.attest("not-surgical-candidate")
    s.order("50250", reason="rcc", body="left-kidney")
    s.expect("order", "conditional", "auth-needed")


@scenario(9, "renal-stale-egfr", "Renal cryo with only a stale eGFR (> 90 days)",
          site="Kidney / 50593",
          facts="C64.1 2.5 cm stage I cN0 cM0; only eGFR 54 from 2026-07-10 (133 days old); resection-worsens=true; candidacy unknown; two kidneys; AMB",
          why="Kidney function not current (I-12) and candidacy unknown → needs information; outpatient → no-auth")
def _(s):
    s.base("Henrietta", "Castellanos", "female", "1957-08-27", plan="HMO")
    s.enc("AMB")
    s.rcc()
    s.localized_renal(2.5)
    s.egfr(54, when=STALE_LAB)
    s.attest("resection-worsens-kidney-function")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "conditional", "no-auth")


@scenario(10, "renal-50593-with-77013-guidance", "Percutaneous renal cryo + CT guidance in the same order-sign",
          site="Kidney / 50593 + 77013",
          facts="two draft ServiceRequests; C64.1 2.2 cm stage I cN0 cM0; not-surgical-candidate=true; AMB",
          why="50593 covered; 77013 guidance inherits the ablation's determination (I-14); both no-auth")
def _(s):
    s.base("Augustin", "Delacroix-Wynn", "male", "1946-04-11", plan="MAHMO")
    s.enc("AMB")
    s.rcc()
    s.localized_renal(2.2)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.order("77013", suffix="guidance", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "no-auth")
    s.expect("guidance", "covered", "no-auth")


@scenario(11, "guidance-76940-alone", "Ultrasound ablation guidance ordered without an ablation code",
          site="Guidance / 76940",
          facts="only 76940 in draftOrders; C64.1 2.4 cm stage I cN0 cM0; not-surgical-candidate=true; AMB",
          why="Guidance alone does not identify cryoablation or site (I-14) → needs information; outpatient → no-auth")
def _(s):
    s.base("Philippa", "Nakagawa-Byrne", "female", "1950-10-05", plan="PPO")
    s.enc("AMB")
    s.rcc()
    s.localized_renal(2.4)
    s.attest("not-surgical-candidate")
    s.order("76940", reason="rcc", body="right-kidney")
    s.expect("order", "conditional", "no-auth")


# =============================================================================== lung
def nsclc(s, icd, icd_display, side, text, histology=True, suffix="nsclc"):
    codings = [(ICD, icd, icd_display)]
    if histology:
        codings.append((SCT, "254637007", "Non-small cell lung cancer"))
    return s.cond(suffix, codings, text=text, body=f"{side}-lung")


@scenario(12, "lung-nsclc-stage-ia-not-candidate", "Lung cryo, NSCLC stage IA, not a surgical candidate",
          site="Lung / 32994",
          facts="C34.11 + SNOMED NSCLC; stage IA (cT1b cN0 cM0); not-surgical-candidate=true; OBSENC",
          why="Early-stage NSCLC + poor surgical candidate → medically necessary; outpatient (observation) → no-auth")
def _(s):
    s.base("Cornelius", "Abernathy-Iwu", "male", "1941-06-22", plan="MAPPO")
    s.enc("OBSENC")
    nsclc(s, "C34.11", "Malignant neoplasm of upper lobe, right bronchus or lung", "right",
          "Adenocarcinoma of right upper lobe (NSCLC)")
    s.stage("1A", focus=s.id("nsclc"), t="cT1b", n="cN0", m="cM0")
    s.attest("not-surgical-candidate")
    s.order("32994", reason="nsclc", body="right-lung")
    s.expect("order", "covered", "no-auth")


@scenario(13, "lung-nsclc-stage-iiia", "Lung cryo, NSCLC stage IIIA",
          site="Lung / 32994",
          facts="C34.31 + SNOMED NSCLC; stage IIIA (cT2a cN2 cM0); not-surgical-candidate=true; AMB",
          why="NSCLC not early stage → 'lung other than defined above' → investigational (not-covered)")
def _(s):
    s.base("Evangeline", "Morrow-Tate", "female", "1953-03-03", plan="PPO")
    s.enc("AMB")
    nsclc(s, "C34.31", "Malignant neoplasm of lower lobe, right bronchus or lung", "right",
          "Squamous cell carcinoma of right lower lobe (NSCLC)")
    s.stage("3A", focus=s.id("nsclc"), t="cT2a", n="cN2", m="cM0")
    s.attest("not-surgical-candidate")
    s.order("32994", reason="nsclc", body="right-lung")
    s.expect("order", "not-covered")


@scenario(14, "lung-metastasis-c7801", "Lung cryo for a metastasis to the lung (C78.01)",
          site="Lung / 32994",
          facts="C78.01 + SNOMED 94391008 (colorectal primary, Z85.038 history); not-surgical-candidate=true; AMB",
          why="Lung metastases are not 'lung cancer' under the MN statement (I-1) → investigational (not-covered)")
def _(s):
    s.base("Ruairi", "Blackwood", "male", "1960-01-15", plan="HMO")
    s.enc("AMB")
    s.cond("lung-met", [(ICD, "C78.01", "Secondary malignant neoplasm of right lung"),
                        (SCT, "94391008", "Secondary malignant neoplasm of lung")],
           text="Metastatic colorectal adenocarcinoma to right lung", body="right-lung")
    s.cond("hx-colon", [(ICD, "Z85.038", "Personal history of other malignant neoplasm of large intestine")],
           text="History of sigmoid colon cancer (resected 2022)", onset="2022-05-10")
    s.attest("not-surgical-candidate")
    s.order("32994", reason="lung-met", body="right-lung")
    s.expect("order", "not-covered")


@scenario(15, "lung-central-airway-obstruction-inpatient", "Lung cryo for palliation of a central airway obstructing lesion, inpatient",
          site="Lung / 32994",
          facts="C34.01 (right main bronchus) + SNOMED NSCLC; stage IIIB (cT3 cN2 cM0); central-airway-obstruction=true; IMP",
          why="Primary lung cancer needing palliation of central airway obstruction → medically necessary regardless of stage (evaluated before the stage rule; I-2/I-3 code-plausibility warning expected); inpatient → auth-needed")
def _(s):
    s.base("Winifred", "Quennell", "female", "1947-09-30", plan="MAHMO")
    s.enc("IMP")
    nsclc(s, "C34.01", "Malignant neoplasm of right main bronchus", "right",
          "Squamous cell carcinoma of right main bronchus with central airway obstruction")
    s.stage("3B", focus=s.id("nsclc"), t="cT3", n="cN2", m="cM0")
    s.attest("central-airway-obstruction")
    s.order("32994", reason="nsclc", body="right-lung")
    s.expect("order", "covered", "auth-needed")


# =============================================================================== breast / bone (investigational codes)
@scenario(16, "breast-0581t-order-select", "Breast cancer cryoablation (0581T), order-select",
          hook="order-select", site="Breast / 0581T",
          facts="C50.411 confirmed; order-select with selections=[the 0581T order]; AMB",
          why="Breast tumours → investigational (not-covered), whatever the diagnosis details")
def _(s):
    s.base("Genevieve", "Ostrowski", "female", "1968-12-12", plan="PPO")
    s.enc("AMB")
    s.cond("breast-ca", [(ICD, "C50.411", "Malignant neoplasm of upper-outer quadrant of right female breast"),
                         (SCT, "372137005", "Primary malignant neoplasm of breast")],
           text="Invasive ductal carcinoma, right breast UOQ, 1.4 cm", body="breast")
    s.order("0581T", reason="breast-ca")
    s.expect("order", "not-covered")


@scenario(17, "fibroadenoma-19105", "Cryoablation of a breast fibroadenoma (19105)",
          site="Breast / 19105",
          facts="D24.1 + SNOMED 254845004; AMB",
          why="Benign breast tumour → investigational (not-covered)")
def _(s):
    s.base("Priya", "Hollingsworth", "female", "1994-07-19", plan="HMO", city="Lowell")
    s.enc("AMB")
    s.cond("fibroadenoma", [(ICD, "D24.1", "Benign neoplasm of right breast"),
                            (SCT, "254845004", "Fibroadenoma of breast")],
           text="Fibroadenoma, right breast, 2.1 cm (core biopsy proven)", body="breast")
    s.order("19105", reason="fibroadenoma")
    s.expect("order", "not-covered")


@scenario(18, "bone-20983-inpatient", "Cryoablation of a bone metastasis (20983), inpatient",
          site="Bone / 20983",
          facts="C79.51 + SNOMED 94222008; Z85.3 history; IMP",
          why="Bone tumours → investigational (not-covered); no pa-needed even though inpatient")
def _(s):
    s.base("Oswald", "Fairweather", "male", "1956-02-28", plan="PPO")
    s.enc("IMP")
    s.cond("bone-met", [(ICD, "C79.51", "Secondary malignant neoplasm of bone"),
                        (SCT, "94222008", "Secondary malignant neoplasm of bone")],
           text="Painful osteolytic metastasis, left iliac bone")
    s.cond("hx-breast", [(ICD, "Z85.3", "Personal history of malignant neoplasm of breast")],
           text="History of male breast cancer (2019)", onset="2019-08-01")
    s.order("20983", reason="bone-met")
    s.expect("order", "not-covered")


# =============================================================================== out of scope
@scenario(19, "liver-47381-out-of-scope", "Liver tumour cryoablation (47381): outside Policy 260",
          site="Liver / 47381",
          facts="C22.0 HCC; only 47381 in draftOrders; AMB",
          why="CPT not in Policy 260 (liver → #633) → no cards")
def _(s):
    s.base("Bartholomew", "Iqbal-Lindgren", "male", "1958-10-10", plan="HMO")
    s.enc("AMB")
    s.cond("hcc", [(ICD, "C22.0", "Liver cell carcinoma"),
                   (SCT, "95214007", "Primary malignant neoplasm of liver")],
           text="Hepatocellular carcinoma, segment VI, 2.8 cm", body="liver")
    s.order("47381", reason="hcc", body="liver")


@scenario(20, "no-coverage", "Renal cryo for a patient with no Coverage",
          site="Kidney / 50593",
          facts="same clinical picture as 01 (would be covered); no Coverage resource (empty coverage searchset); AMB",
          why="No Coverage of ours on the date of service → no coverage-information (CRD 2.2.1: its coverage is 1..1), a card saying no BCBSMA coverage was found for the date")
def _(s):
    s.base("Seraphina", "Goldthwaite", "female", "1949-06-06", coverage=False)
    s.enc("AMB")
    s.rcc()
    s.localized_renal(3.1)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.no_coverage.append(f"ServiceRequest/{s.id('order')}")


@scenario(21, "renal-order-select-selections", "order-select: renal cryo selected, guidance drafted but not selected",
          hook="order-select", site="Kidney / 50593 (+ unselected 76940)",
          facts="draftOrders 50593 + 76940; selections=[50593 only]; C64.2 1.9 cm stage I cN0 cM0; not-surgical-candidate=true; AMB",
          why="Only the selected order is answered (CRD hook-34): 50593 covered/no-auth; 76940 gets no answer")
def _(s):
    s.base("Anselm", "Kowalczyk-Reid", "male", "1945-11-11", plan="MAPPO")
    s.enc("AMB")
    s.rcc("left")
    s.localized_renal(1.9, side="left")
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="left-kidney")
    s.order("76940", suffix="guidance", reason="rcc", body="left-kidney")
    s.selections = [f"ServiceRequest/{s.id('order')}"]
    s.expect("order", "covered", "no-auth")
    s.not_answered = [f"ServiceRequest/{s.id('guidance')}"]


@scenario(22, "renal-refuted-metastasis-ignored", "Renal cryo where a bone-metastasis Condition was refuted",
          site="Kidney / 50593",
          facts="C64.2 2.7 cm stage I cN0 cM0; not-surgical-candidate=true; C79.51 verificationStatus=refuted (must be ignored); AMB",
          why="Refuted condition ignored → localized → medically necessary; outpatient → no-auth")
def _(s):
    s.base("Clementine", "Arbuthnot", "female", "1952-04-04", plan="PPO")
    s.enc("AMB")
    s.rcc("left")
    s.localized_renal(2.7, side="left")
    s.cond("bone-met-refuted", [(ICD, "C79.51", "Secondary malignant neoplasm of bone")],
           text="Suspected T10 metastasis (refuted: biopsy showed haemangioma)", verification="refuted",
           clinical="active", onset="2026-09-30",
           note="Entered on the basis of CT; bone biopsy 2026-10-12 benign haemangioma. Refuted.")
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="left-kidney")
    s.expect("order", "covered", "no-auth")


@scenario(23, "renal-no-encounter-pa-conditional", "Renal cryo ordered without an encounter (care setting unknown)",
          site="Kidney / 50593",
          facts="no Encounter (no encounterId, prefetch encounter null); C64.1 3.4 cm stage I cN0 cM0; not-surgical-candidate=true",
          why="Covered, but setting unknown → pa-needed conditional + info-needed location")
def _(s):
    s.base("Mortimer", "Ellsworth-Nagy", "male", "1950-08-18", plan="HMO")
    s.rcc()
    s.localized_renal(3.4)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "conditional", info=["location"])


@scenario(24, "renal-provisional-diagnosis", "Renal cryo for a provisional (unconfirmed) RCC",
          site="Kidney / 50593",
          facts="C64.1 verificationStatus=provisional; 2.9 cm stage I cN0 cM0; not-surgical-candidate=true; AMB",
          why="Suspected diagnosis only → needs information (confirmed diagnosis); outpatient → no-auth")
def _(s):
    s.base("Dorothea", "Villanueva-Kerr", "female", "1954-01-09", plan="PPO")
    s.enc("AMB")
    s.rcc(verification="provisional")
    s.localized_renal(2.9)
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "conditional", "no-auth")


@scenario(25, "renal-40mm-boundary", "Renal cryo for a tumour of exactly 40 mm",
          site="Kidney / 50593",
          facts="C64.1 40 mm (valueQuantity mm) stage I cT1a cN0 cM0; not-surgical-candidate=true; SS encounter",
          why="'No more than 4 cm' is inclusive → medically necessary; short stay = outpatient → no-auth")
def _(s):
    s.base("Fitzgerald", "Oduya", "male", "1947-05-25", plan="MAHMO")
    s.enc("SS")
    s.rcc()
    s.localized_renal(40, "mm")
    s.attest("not-surgical-candidate")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "no-auth")


@scenario(26, "renal-egfr-60-boundary", "Renal cryo with eGFR exactly 60 and resection-worsens attestation",
          site="Kidney / 50593",
          facts="C64.2 3.3 cm stage I cN0 cM0; eGFR 60 (recent); two kidneys; resection-worsens=true; candidacy unknown; AMB",
          why="GFR < 60 is strict (I-13) → no preservation need; candidacy unknown → needs information; outpatient → no-auth")
def _(s):
    s.base("Imogen", "Thistlewood", "female", "1961-03-31", plan="HMO")
    s.enc("AMB")
    s.rcc("left")
    s.localized_renal(3.3, side="left")
    s.egfr(60)
    s.attest("resection-worsens-kidney-function")
    s.order("50593", reason="rcc", body="left-kidney")
    s.expect("order", "conditional", "no-auth")


@scenario(27, "renal-snomed-procedure-contraindicated", "Renal cryo; non-candidacy documented as SNOMED 183932001",
          site="Kidney / 50593",
          facts="C64.1 2.1 cm stage I cN0 cM0; active confirmed Condition SNOMED 183932001 'Procedure contraindicated' (+ J44.9 COPD); no attestation Observation; AMB",
          why="183932001 counts as 'not a surgical candidate' (README convention) → medically necessary; outpatient → no-auth")
def _(s):
    s.base("Barnaby", "Whitcombe", "male", "1943-12-24", plan="MAPPO")
    s.enc("AMB")
    s.rcc()
    s.localized_renal(2.1)
    s.cond("copd", [(ICD, "J44.9", "Chronic obstructive pulmonary disease, unspecified")],
           text="Severe COPD (GOLD 4), home oxygen", onset="2019-03-12")
    s.cond("contraindicated", [(SCT, "183932001", "Procedure contraindicated")],
           text="Partial nephrectomy contraindicated (anaesthesia risk: GOLD 4 COPD)", onset="2026-11-05",
           category="encounter-diagnosis")
    s.order("50593", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "no-auth")


@scenario(28, "pancreas-48999-out-of-scope", "Pancreatic tumour ablation billed as unlisted 48999",
          site="Pancreas / 48999",
          facts="C25.0; only 48999 in draftOrders; AMB",
          why="Policy 260 lists no pancreas CPT; 48999 is not in its code list → no cards")
def _(s):
    s.base("Leopold", "Marchetti-Ames", "male", "1957-07-07", plan="PPO")
    s.enc("AMB")
    s.cond("pancreas-ca", [(ICD, "C25.0", "Malignant neoplasm of head of pancreas"),
                           (SCT, "372003004", "Primary malignant neoplasm of pancreas")],
           text="Locally advanced adenocarcinoma, head of pancreas", body="pancreas")
    s.order("48999", reason="pancreas-ca", body="pancreas", text="Percutaneous cryoablation of pancreatic head tumour (unlisted)")


@scenario(29, "lung-c34-no-histology", "Lung cryo for C34 without histology",
          site="Lung / 32994",
          facts="C34.12 only (no NSCLC/SCLC coding); stage IA (cT1a cN0 cM0); not-surgical-candidate=true; AMB",
          why="ICD-10-CM C34 cannot tell NSCLC from SCLC (I-10) → needs information; outpatient → no-auth")
def _(s):
    s.base("Ottilie", "Brannigan", "female", "1946-10-29", plan="HMO")
    s.enc("AMB")
    nsclc(s, "C34.12", "Malignant neoplasm of upper lobe, left bronchus or lung", "left",
          "Malignant neoplasm of left upper lobe (histology pending)", histology=False)
    s.stage("1A", focus=s.id("nsclc"), t="cT1a", n="cN0", m="cM0")
    s.attest("not-surgical-candidate")
    s.order("32994", reason="nsclc", body="left-lung")
    s.expect("order", "conditional", "no-auth")


@scenario(30, "renal-prior-nephrectomy-acute", "Renal cryo in a solitary kidney after nephrectomy (Procedure), inpatient acute",
          site="Kidney / 50250",
          facts="completed Procedure CPT 50220 (left nephrectomy 2017), no Z90.5; C64.1 3.6 cm stage I cN0 cM0; resection-worsens=true; candidacy unknown; no eGFR; ACUTE",
          why="1 kidney (from Procedure) + resection would worsen function → medically necessary; inpatient acute → auth-needed")
def _(s):
    s.base("Cordelia", "Prescott-Umeh", "female", "1962-02-14", plan="PPO")
    s.enc("ACUTE")
    s.rcc()
    s.localized_renal(3.6)
    s.add({
        "resourceType": "Procedure", "id": s.id("nephrectomy"), "status": "completed",
        "code": {"coding": [{"system": CPT, "code": "50220", "display": CPT_DISPLAY["50220"]}], "text": "Left radical nephrectomy"},
        "subject": ref("Patient", s.patient["id"]),
        "performedDateTime": "2017-06-21T09:00:00-04:00",
        "bodySite": [cc(SCT, *BODY["left-kidney"])],
        "reasonCode": [{"text": "Left renal oncocytoma"}],
    })
    s.attest("resection-worsens-kidney-function")
    s.order("50250", reason="rcc", body="right-kidney")
    s.expect("order", "covered", "auth-needed")


# =============================================================================== write
def dump(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


def check(expected):
    """Re-reads every written file and asserts bundle.json and hook-request.json agree."""
    prefetch_types = {"patient": "Patient", "encounter": "Encounter", "coverage": "Coverage",
                      "conditions": "Condition", "observations": "Observation", "procedures": "Procedure"}
    for exp in expected:
        d = os.path.join(HERE, exp["scenario"])
        bundle = json.load(open(os.path.join(d, "bundle.json"), encoding="utf-8"))
        hook = json.load(open(os.path.join(HERE, exp["request"]), encoding="utf-8"))
        assert bundle["type"] == "transaction"
        by_key = {}
        for e in bundle["entry"]:
            r = e["resource"]
            assert e["request"] == {"method": "PUT", "url": f"{r['resourceType']}/{r['id']}"}
            by_key[(r["resourceType"], r["id"])] = r
        seen = set()
        for key, rtype in prefetch_types.items():
            v = hook["prefetch"][key]
            if v is None:
                continue
            items = [x["resource"] for x in v.get("entry", [])] if v["resourceType"] == "Bundle" else [v]
            for r in items:
                assert r["resourceType"] == rtype, (exp["scenario"], key)
                assert by_key[(rtype, r["id"])] == r, (exp["scenario"], rtype, r["id"])
                seen.add((rtype, r["id"]))
        for o in hook["context"]["draftOrders"]["entry"]:
            r = o["resource"]
            assert by_key[("ServiceRequest", r["id"])] == r
            assert r["status"] == "draft" and r["intent"] == "order"
            seen.add(("ServiceRequest", r["id"]))
        missing = {k for k in by_key if k not in seen and k[0] not in ("Practitioner", "Organization")}
        assert not missing, (exp["scenario"], missing)
        assert hook["context"]["patientId"] == hook["prefetch"]["patient"]["id"]
        assert ("encounterId" in hook["context"]) == (hook["prefetch"]["encounter"] is not None)
        for o in exp["orders"]:
            assert ("ServiceRequest", o["reference"].split("/")[1]) in seen
        svc = exp["service"].replace("cryoablation-", "")
        assert hook["hook"] == svc
        if svc == "order-select":
            refs = {f"ServiceRequest/{x['resource']['id']}" for x in hook["context"]["draftOrders"]["entry"]}
            assert set(hook["context"]["selections"]) <= refs
            assert {o["reference"] for o in exp["orders"]} <= set(hook["context"]["selections"])


def write_scenarios(here, scenarios):
    """Writes each scenario's folder and expected.json under `here`; returns the expected entries."""
    # remove previously generated scenario folders so renames don't leave stale data
    for name in os.listdir(here):
        full = os.path.join(here, name)
        if os.path.isdir(full) and name[:2].isdigit() and name[2] == "-":
            shutil.rmtree(full)
    expected = []
    for s in sorted(scenarios, key=lambda x: x.num):
        os.makedirs(os.path.join(here, s.dir), exist_ok=True)
        dump(os.path.join(here, s.dir, "bundle.json"), s.bundle())
        dump(os.path.join(here, s.dir, "hook-request.json"), s.hook_request())
        expected.append(s.expected_entry())
    dump(os.path.join(here, "expected.json"), expected)
    return expected


def main():
    expected = write_scenarios(HERE, SCENARIOS)
    # scenario table, spliced into README.md between the markers
    rows = ["| # | scenario | site / CPT | key facts | hook | expected covered / pa-needed | why |",
            "|---|---|---|---|---|---|---|"]
    for s in sorted(SCENARIOS, key=lambda x: x.num):
        if s.expected:
            outs = "<br>".join(f"`{e['reference'].split('/')[1]}`: **{e['covered']}**" +
                               (f" / {e['paNeeded']}" if e.get("paNeeded") else "") +
                               (f" (reason `{e['reason']}`)" if e.get("reason") else "") +
                               (f" (info-needed `{', '.join(e['infoNeeded'])}`)" if e.get("infoNeeded") else "")
                               for e in s.expected)
            if s.not_answered:
                outs += "<br>" + ", ".join(f"`{r.split('/')[1]}`" for r in s.not_answered) + ": no answer (not selected)"
        elif s.no_coverage:
            outs = "<br>".join(f"`{r.split('/')[1]}`: **no coverage-information**; card \"No … coverage found for &lt;date&gt;\"" for r in s.no_coverage)
        else:
            outs = "**no cards** (`{\"cards\":[]}`)"
        rows.append(f"| {s.num:02d} | [`{s.dir}`]({s.dir}/) | {s.site} | {s.facts} | {s.hook} | {outs} | {s.why} |")
    readme = os.path.join(HERE, "README.md")
    if os.path.exists(readme):
        text = open(readme, encoding="utf-8").read()
        a, b = "<!-- scenarios:start -->", "<!-- scenarios:end -->"
        if a in text and b in text:
            text = text[:text.index(a) + len(a)] + "\n" + "\n".join(rows) + "\n" + text[text.index(b):]
            with open(readme, "w", encoding="utf-8") as f:
                f.write(text)
    check(expected)
    print(f"wrote {len(SCENARIOS)} scenarios")


if __name__ == "__main__":
    main()
