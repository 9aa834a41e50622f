"""Building blocks for the held-out practice patients (python3 stdlib only).

Each Scenario collects FHIR R4 resources and writes an order-sign CDS Hooks request with full prefetch, in the
shape of one source system:
  epic     local urn:oid codes first, an OperationOutcome warning (search.mode outcome) in every search Bundle
  cerner   Oracle Health local code systems first, unit spellings without a system, total + self link
  synthea  SNOMED CT only, urn:uuid fullUrls and resource-to-resource references
  hapi     absolute references, no total, self/next links, include entries
"""
import json
import os
import uuid

SCT = "http://snomed.info/sct"
ICD = "http://hl7.org/fhir/sid/icd-10-cm"
LOINC = "http://loinc.org"
CPT = "http://www.ama-assn.org/go/cpt"
UCUM = "http://unitsofmeasure.org"
ICDO = "http://terminology.hl7.org/CodeSystem/icd-o-3"
ATT = "http://cryocdshooks.org/fhir/CodeSystem/mp260-attestation"
AJCC = "http://cancerstaging.org"
EPIC_DX = "urn:oid:1.2.840.114350.1.13.0.1.7.2.728286"
EPIC_COMP = "urn:oid:1.2.840.114350.1.13.0.1.7.2.768282"
CERNER = "https://fhir.cerner.com/ec2458f2-1e24-41c8-b71b-0e701af7583d"
MCODE_HIST = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior"

BASES = {
    "epic": "https://fhir.epic.example.org/api/FHIR/R4",
    "cerner": "https://fhir-ehr.cerner.example.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d",
    "synthea": None,
    "hapi": "https://hapi.example.org/fhir",
}
SOURCE_NAMES = {"epic": "Epic", "cerner": "Oracle Health", "synthea": "Synthea", "hapi": "HAPI FHIR"}

CPT_TEXT = {
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
    "48999": "Unlisted procedure, pancreas",
}

RK = (SCT, "9846003", "Right kidney structure")
LK = (SCT, "18639004", "Left kidney structure")
RL = (SCT, "3341006", "Right lung structure")
LL = (SCT, "44029006", "Left lung structure")

T_CODES = {"T1": "1228889001", "T1a": "1228892002", "T1b": "1228895000", "T2a": "1228931008", "T3": "1228938002"}
N_CODES = {"N0": "1229967007", "N1": "1229973008", "N2": "1229978004"}
M_CODES = {"M0": "1229901006", "M1": "1229903009"}
GROUP_TEXT = {"0": "Stage 0", "1": "Stage I", "1A": "Stage IA", "1B": "Stage IB", "2A": "Stage IIA", "2B": "Stage IIB",
              "3": "Stage III", "3A": "Stage IIIA", "3B": "Stage IIIB", "4": "Stage IV"}

AUTHORED = "2026-11-20T14:30:00-05:00"
OCCURRENCE = "2026-12-03T08:00:00-05:00"
STAGED = "2026-10-22T16:00:00-04:00"
IMAGED = "2026-10-15T11:20:00-04:00"


def cc(*codings, text=None):
    out = {"coding": [{"system": s, "code": c, "display": d} for s, c, d in codings]}
    if text:
        out["text"] = text
    return out


def _uuid(rid):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "held-out-practice/" + rid))


class Scenario:
    def __init__(self, num, slug, shape, theme, facts, why, expect):
        self.num, self.slug, self.shape, self.theme = num, slug, shape, theme
        self.facts, self.why, self.expect = facts, why, expect
        self.p = "h%02d" % num
        self.pid = self.p + "-patient"
        self.conditions, self.observations, self.procedures, self.orders = [], [], [], []
        self.reports = None
        self.coverages = []      # Coverage resources and include entries
        self.includes = []
        self.encounter = "default"
        self.enc_class = "AMB"
        self.order_counter = 0
        self.gender = None

    # ---------- references ----------
    def ref(self, rtype, rid):
        if self.shape == "synthea":
            return {"reference": "urn:uuid:" + _uuid(rid)}
        if self.shape == "hapi":
            return {"reference": "%s/%s/%s" % (BASES["hapi"], rtype, rid)}
        return {"reference": "%s/%s" % (rtype, rid)}

    def full_url(self, rtype, rid):
        if self.shape == "synthea":
            return "urn:uuid:" + _uuid(rid)
        return "%s/%s/%s" % (BASES[self.shape], rtype, rid)

    def subject(self, pid=None):
        return {"reference": "Patient/" + (pid or self.pid)}

    # ---------- clinical resources ----------
    def condition(self, suffix, codings, text, site=None, ver="confirmed", clin="active", onset="2026-10-20",
                  cat="problem-list-item", local=True, subject=None, **extra):
        cid = "%s-%s" % (self.p, suffix)
        codings = list(codings)
        if local and self.shape == "epic":
            codings.insert(0, (EPIC_DX, str(1100000 + self.num * 37 + len(self.conditions)), text))
        elif local and self.shape == "cerner":
            codings.insert(0, (CERNER + "/nomenclature", str(41300000 + self.num * 53 + len(self.conditions)), text))
        if self.shape == "synthea":
            codings = [c for c in codings if c[0] == SCT]
        r = {"resourceType": "Condition", "id": cid}
        r.update({k: v for k, v in extra.items() if k in ("extension", "modifierExtension")})
        if clin:
            r["clinicalStatus"] = cc(("http://terminology.hl7.org/CodeSystem/condition-clinical", clin, clin.capitalize()))
        if ver:
            r["verificationStatus"] = cc(("http://terminology.hl7.org/CodeSystem/condition-ver-status", ver, ver.capitalize()))
        r["category"] = [cc(("http://terminology.hl7.org/CodeSystem/condition-category", cat,
                             "Problem List Item" if cat == "problem-list-item" else "Encounter Diagnosis"))]
        r["code"] = cc(*codings, text=text)
        if site:
            r["bodySite"] = [cc(site)]
        r["subject"] = self.subject(subject)
        r["onsetDateTime"] = onset
        r["recordedDate"] = extra.get("recorded", onset)
        for k in ("stage", "evidence", "note"):
            if k in extra:
                r[k] = extra[k]
        self.conditions.append(r)
        return cid

    def _obs(self, oid, code, cat, value, eff=STAGED, focus=None, status="final", subject=None, **extra):
        r = {"resourceType": "Observation", "id": "%s-%s" % (self.p, oid)}
        if "modifierExtension" in extra:
            r["modifierExtension"] = extra.pop("modifierExtension")
        r["status"] = status
        r["category"] = [cc(("http://terminology.hl7.org/CodeSystem/observation-category", cat, cat.capitalize()))]
        r["code"] = code
        r["subject"] = self.subject(subject)
        if eff:
            r["effectiveDateTime"] = eff
            r["issued"] = eff
        if focus:
            r["focus"] = [self.ref("Condition", focus)]
        r.update(value)
        r.update(extra)
        self.observations.append(r)
        return r["id"]

    def size(self, oid, cm, focus=None, eff=IMAGED, site=None, **kw):
        codings = [(LOINC, "21889-1", "Size Tumor")]
        if self.shape == "cerner":
            codings.insert(0, (CERNER + "/codeSet/72", str(2870000 + self.num), "Tumor Size"))
            value = {"valueQuantity": {"value": round(cm * 10, 1), "unit": "mm"}}
        else:
            value = {"valueQuantity": {"value": cm, "unit": "cm", "system": UCUM, "code": "cm"}}
        if site:
            value["bodySite"] = cc(site)
        return self._obs(oid, cc(*codings, text="Tumor size"), "imaging", value, eff=eff, focus=focus, **kw)

    def tnm(self, prefix, focus=None, t=None, n="N0", m="M0", group=None, eff=STAGED, **kw):
        method = {"method": cc((SCT, "897275008", "American Joint Commission on Cancer, Cancer Staging Manual, 8th edition neoplasm staging system (tumor staging)"))}
        if group:
            self._obs(prefix + "-stage-group", cc((LOINC, "21908-9", "Stage group.clinical Cancer")), "exam",
                      dict({"valueCodeableConcept": cc((AJCC, group, GROUP_TEXT[group]), text=GROUP_TEXT[group])}, **method),
                      eff=eff, focus=focus, **kw)
        for part, loinc, name, codes in (("t", "21905-5", "Primary tumor.clinical [Class] Cancer", T_CODES),
                                         ("n", "21906-3", "Regional lymph nodes.clinical [Class] Cancer", N_CODES),
                                         ("m", "21907-1", "Distant metastases.clinical [Class] Cancer", M_CODES)):
            val = {"t": t, "n": n, "m": m}[part]
            if not val:
                continue
            disp = "American Joint Committee on Cancer c%s (qualifier value)" % val
            self._obs("%s-stage-%s" % (prefix, part), cc((LOINC, loinc, name)), "exam",
                      dict({"valueCodeableConcept": cc((SCT, codes[val], disp), text="c" + val)}, **method),
                      eff=eff, focus=focus, **kw)

    def egfr(self, oid, value, eff="2026-11-10T08:05:00-05:00"):
        codings = [(LOINC, "98979-8", "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)")]
        q = {"value": value, "unit": "mL/min/{1.73_m2}", "system": UCUM, "code": "mL/min/{1.73_m2}"}
        if self.shape == "epic":
            codings.insert(0, (EPIC_COMP, "1558024", "EGFR (CKD-EPI 2021)"))
        if self.shape == "cerner":
            codings.insert(0, (CERNER + "/codeSet/72", "2700655", "eGFR CKD-EPI 2021"))
            q = {"value": value, "unit": "mL/min/1.73 m2"}
        return self._obs(oid, cc(*codings, text="eGFR"), "laboratory", {"valueQuantity": q}, eff=eff)

    def attest(self, code, value=True, eff="2026-11-18T10:00:00-05:00", **kw):
        disp = {"not-surgical-candidate": "Not a surgical candidate", "surgical-candidate": "Surgical candidate",
                "resection-worsens-kidney-function": "Resection likely to worsen kidney function substantially",
                "central-airway-obstruction": "Central airway obstructing lesion requiring palliation"}[code]
        return self._obs("attest-" + code, cc((ATT, code, disp)), "survey", {"valueBoolean": value}, eff=eff,
                         performer=[{"reference": "Practitioner/%s-practitioner" % self.p}], **kw)

    def procedure(self, suffix, codings, text, status="completed", performed="2015-06-02", site=None):
        r = {"resourceType": "Procedure", "id": "%s-%s" % (self.p, suffix), "status": status,
             "code": cc(*codings, text=text), "subject": self.subject(), "performedDateTime": performed}
        if site:
            r["bodySite"] = [cc(site)]
        self.procedures.append(r)
        return r["id"]

    def report(self, suffix, kind, status, results=(), conclusion=None, codes=(), eff="2026-10-14T09:00:00-04:00"):
        if self.reports is None:
            self.reports = []
        cat = {"PAT": "Pathology", "RAD": "Radiology"}[kind]
        code = (cc((LOINC, "60567-5", "Comprehensive pathology report panel"), text="Surgical pathology report")
                if kind == "PAT" else cc((LOINC, "18748-4", "Diagnostic imaging study"), text="CT abdomen and pelvis with contrast"))
        r = {"resourceType": "DiagnosticReport", "id": "%s-%s" % (self.p, suffix), "status": status,
             "category": [cc(("http://terminology.hl7.org/CodeSystem/v2-0074", kind, cat))],
             "code": code, "subject": self.subject(), "effectiveDateTime": eff, "issued": eff}
        if results:
            r["result"] = [self.ref("Observation", "%s-%s" % (self.p, x)) for x in results]
        if conclusion:
            r["conclusion"] = conclusion
        if codes:
            r["conclusionCode"] = [cc(c) for c in codes]
        self.reports.append(r)
        return r["id"]

    # ---------- setting, coverage, orders ----------
    def set_encounter(self, cls="AMB", status="in-progress", **extra):
        if cls is None:
            self.encounter = None
            return
        disp = {"AMB": "ambulatory", "IMP": "inpatient encounter", "EMER": "emergency"}[cls]
        r = {"resourceType": "Encounter", "id": self.p + "-encounter", "status": status,
             "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": cls, "display": disp}}
        r.update(extra)
        r.update({"subject": self.subject(), "period": extra.get("period", {"start": "2026-11-20T13:45:00-05:00"})})
        self.encounter = r

    def coverage(self, suffix="coverage", payer="Blue Cross Blue Shield of Massachusetts", status="active",
                 period=("2026-01-01", "2026-12-31"), order=None, payor="display", beneficiary=None, **extra):
        cid = "%s-%s" % (self.p, suffix)
        org_id = "%s-payor-%s" % (self.p, suffix)
        r = {"resourceType": "Coverage", "id": cid, "status": status,
             "type": cc(("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PPO", "preferred provider organization policy")),
             "subscriberId": "XQE%02d%s" % (self.num, suffix[:3].upper()),
             "beneficiary": {"reference": "Patient/" + (beneficiary or self.pid)},
             "relationship": cc(("http://terminology.hl7.org/CodeSystem/subscriber-relationship", "self", "Self")),
             "period": {"start": period[0], "end": period[1]}}
        if payor == "display":
            r["payor"] = [dict(self.ref("Organization", org_id), display=payer)]
        else:
            r["payor"] = [{"reference": "Organization/" + org_id}]
        if payor == "include":
            self.includes.append({"fullUrl": self.full_url("Organization", org_id),
                                  "resource": {"resourceType": "Organization", "id": org_id, "active": True,
                                               "type": [cc(("http://terminology.hl7.org/CodeSystem/organization-type", "pay", "Payer"))],
                                               "name": payer},
                                  "search": {"mode": "include"}})
        if order is not None:
            r["order"] = order
        r.update(extra)
        self.coverages.append(r)
        return cid

    def order(self, cpt, reasons=(), reason_codes=(), site=None, **extra):
        self.order_counter += 1
        oid = "%s-order" % self.p if self.order_counter == 1 else "%s-order-%d" % (self.p, self.order_counter)
        code_text = extra.pop("code_text", None)
        r = {"resourceType": "ServiceRequest", "id": oid, "status": "draft", "intent": "order"}
        r.update(extra)
        r["category"] = [cc((SCT, "387713003", "Surgical procedure"))]
        r["code"] = cc((CPT, cpt, CPT_TEXT[cpt]), text=code_text or CPT_TEXT[cpt])
        r.update({"subject": self.subject(), "occurrenceDateTime": OCCURRENCE, "authoredOn": AUTHORED,
                  "requester": {"reference": "Practitioner/%s-practitioner" % self.p}})
        if self.encounter is not None:
            r["encounter"] = {"reference": "Encounter/%s-encounter" % self.p}
        if reason_codes:
            r["reasonCode"] = [cc(*reason_codes)]
        if reasons:
            r["reasonReference"] = [self.ref("Condition", "%s-%s" % (self.p, x)) for x in reasons]
        if site:
            r["bodySite"] = [cc(site)]
        self.orders.append(r)
        return oid

    # ---------- output ----------
    def bundle(self, key, resources, extra_entries=()):
        url = "%s/%s?patient=%s" % (BASES[self.shape] or "https://synthea.example.org/fhir",
                                    {"conditions": "Condition", "observations": "Observation", "procedures": "Procedure",
                                     "coverage": "Coverage", "diagnosticReports": "DiagnosticReport"}[key], self.pid)
        b = {"resourceType": "Bundle", "id": "%s-prefetch-%s" % (self.p, key), "type": "searchset"}
        entries = [{"fullUrl": self.full_url(r["resourceType"], r["id"]), "resource": r, "search": {"mode": "match"}}
                   for r in resources]
        entries += list(extra_entries)
        if self.shape == "epic":
            entries.append({"resource": {"resourceType": "OperationOutcome", "issue": [{
                "severity": "warning", "code": "processing", "details": cc((
                    "urn:oid:1.2.840.114350.1.13.0.1.7.2.657369", "4119",
                    "This response includes information available to the authorized user at the time of the request. It may not contain the entire record available in the system."))}]},
                "search": {"mode": "outcome"}})
        if self.shape != "hapi":
            b["total"] = len(resources)
        b["link"] = [{"relation": "self", "url": url}]
        if self.shape == "hapi":
            b["link"].append({"relation": "next", "url": "%s?_getpages=%s-%s&_getpagesoffset=50&_count=50&_bundletype=searchset"
                              % (BASES["hapi"], self.p, key)})
        if entries:
            b["entry"] = entries
        return b

    def hook_request(self):
        if self.encounter == "default":
            self.set_encounter(self.enc_class)
        if not self.coverages:
            self.coverage()
        if self.encounter is None:
            for o in self.orders:
                o.pop("encounter", None)
        patient = {"resourceType": "Patient", "id": self.pid,
                   "identifier": [{"type": cc(("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "Medical record number")),
                                   "system": "https://ehr.example.org/fhir/sid/mrn", "value": "MRN-7%04d" % (self.num * 131)}],
                   "active": True, "name": [{"use": "official", "family": "Practice%02d" % self.num, "given": ["Test"]}],
                   "gender": self.gender or ("female" if self.num % 2 else "male"), "birthDate": "19%02d-0%d-1%d" % (40 + self.num % 20, 1 + self.num % 9, self.num % 10)}
        ctx = {"userId": "Practitioner/%s-practitioner" % self.p, "patientId": self.pid}
        if self.encounter is not None:
            ctx["encounterId"] = self.p + "-encounter"
        ctx["draftOrders"] = {"resourceType": "Bundle", "type": "collection",
                              "entry": [{"fullUrl": self.full_url("ServiceRequest", o["id"]), "resource": o} for o in self.orders]}
        prefetch = {"patient": patient, "encounter": self.encounter,
                    "coverage": self.bundle("coverage", self.coverages, self.includes),
                    "conditions": self.bundle("conditions", self.conditions),
                    "observations": self.bundle("observations", self.observations),
                    "procedures": self.bundle("procedures", self.procedures)}
        if self.reports is not None:
            prefetch["diagnosticReports"] = self.bundle("diagnosticReports", self.reports)
        return {"hookInstance": _uuid(self.p + "-hook"), "hook": "order-sign", "context": ctx, "prefetch": prefetch}

    @property
    def folder(self):
        return "%02d-%s" % (self.num, self.slug)

    def write(self, root):
        req = self.hook_request()
        os.makedirs(os.path.join(root, self.folder), exist_ok=True)
        with open(os.path.join(root, self.folder, "hook-request.json"), "w") as f:
            json.dump(req, f, indent=2)
            f.write("\n")
        exp = {"scenario": self.folder, "service": "cryoablation-order-sign",
               "request": self.folder + "/hook-request.json", "orders": []}
        no_cov, no_answer = [], []
        for i, e in enumerate(self.expect):
            ref = "ServiceRequest/" + self.orders[i]["id"]
            if e == "no-coverage":
                no_cov.append(ref)
            elif e == "no-answer":
                no_answer.append(ref)
            else:
                covered, pa = e
                exp["orders"].append({"reference": ref, "covered": covered, "paNeeded": pa})
        if no_cov:
            exp["noCoverage"] = no_cov
        if no_answer:
            exp["noAnswer"] = no_answer
        exp.update({"why": self.why, "theme": self.theme, "source": SOURCE_NAMES[self.shape], "facts": self.facts})
        if getattr(self, "known_gap", None):
            exp["knownGap"] = self.known_gap
        return exp
