"""Small builders for FHIR R4 resources in the shapes Epic, Oracle Health (Cerner), Synthea and HAPI send.

Written for the held-out workflow scenarios (appointment-book, order-dispatch, encounter-start). Stdlib only.
"""
import uuid

ICD10 = "http://hl7.org/fhir/sid/icd-10-cm"
SCT = "http://snomed.info/sct"
LOINC = "http://loinc.org"
CPT = "http://www.ama-assn.org/go/cpt"
UCUM = "http://unitsofmeasure.org"
ACTCODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
ROLECODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
POS = "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set"
NUCC = "http://nucc.org/provider-taxonomy"
ORGTYPE = "http://terminology.hl7.org/CodeSystem/organization-type"
ATTEST = "http://cryocdshooks.org/fhir/CodeSystem/mp260-attestation"
AJCC = "http://cancerstaging.org"
COND_CLIN = "http://terminology.hl7.org/CodeSystem/condition-clinical"
COND_VER = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
COND_CAT = "http://terminology.hl7.org/CodeSystem/condition-category"
OBS_CAT = "http://terminology.hl7.org/CodeSystem/observation-category"

# Vendor bases and local code systems
BASES = {
    "epic": "https://fhir.epic.example.org/api/FHIR/R4",
    "cerner": "https://fhir-ehr.cerner.example.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d",
    "synthea": "http://hapi.example.org/fhir",
    "hapi": "http://hapi.example.org/fhir",
}
EPIC_DX = "urn:oid:1.2.840.114350.1.13.0.1.7.2.696580"
EPIC_LAB = "urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.14"
EPIC_PROC = "urn:oid:1.2.840.114350.1.13.0.1.7.2.696570"
CERNER_NOMEN = "https://fhir.cerner.com/ec2458f2-1e24-41c8-b71b-0e701af7583d/nomenclature"
CERNER_CS72 = "https://fhir.cerner.com/ec2458f2-1e24-41c8-b71b-0e701af7583d/codeSet/72"
CERNER_CS71 = "https://fhir.cerner.com/ec2458f2-1e24-41c8-b71b-0e701af7583d/codeSet/71"
CERNER_CS200 = "https://fhir.cerner.com/ec2458f2-1e24-41c8-b71b-0e701af7583d/codeSet/200"


def uid(seed):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "cryocdshooks/held-out-workflow/" + seed))


def coding(system, code, display=None):
    c = {"system": system, "code": code}
    if display:
        c["display"] = display
    return c


def cc(*codings, text=None):
    out = {"coding": list(codings)} if codings else {}
    if text:
        out["text"] = text
    return out


def ref(rtype, rid, base=None, display=None):
    r = {"reference": ("%s/%s/%s" % (base, rtype, rid)) if base else "%s/%s" % (rtype, rid)}
    if display:
        r["display"] = display
    return r


def searchset(bid, self_url, resources, base, includes=(), outcome=None, next_url=None, total=True):
    entries = []
    for r in resources:
        entries.append({"fullUrl": "%s/%s/%s" % (base, r["resourceType"], r["id"]), "resource": r,
                        "search": {"mode": "match"}})
    for r in includes:
        entries.append({"fullUrl": "%s/%s/%s" % (base, r["resourceType"], r["id"]), "resource": r,
                        "search": {"mode": "include"}})
    if outcome:
        entries.append({"fullUrl": "urn:uuid:" + uid(bid + "-oo"), "resource": outcome,
                        "search": {"mode": "outcome"}})
    b = {"resourceType": "Bundle", "id": bid, "type": "searchset"}
    if total:
        b["total"] = len(resources)
    b["link"] = [{"relation": "self", "url": self_url}]
    if next_url:
        b["link"].append({"relation": "next", "url": next_url})
    if entries:
        b["entry"] = entries
    return b


def warning_outcome(oid, text):
    return {"resourceType": "OperationOutcome", "id": oid,
            "issue": [{"severity": "warning", "code": "processing",
                       "details": {"coding": [coding("urn:oid:1.2.840.114350.1.13.0.1.7.2.657369", "4119",
                                                     "Some results are restricted and were not returned.")],
                                   "text": text},
                       "diagnostics": text}]}


def patient(pid, family, given, gender, birth, mrn, shape):
    p = {"resourceType": "Patient", "id": pid,
         "identifier": [{"use": "usual", "type": cc(coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR",
                                                            "Medical record number"), text="MRN"),
                         "system": {"epic": "urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.0",
                                    "cerner": "urn:oid:2.16.840.1.113883.6.1000",
                                    }.get(shape, "http://hospital.smarthealthit.org"),
                         "value": mrn}],
         "active": True,
         "name": [{"use": "official", "text": "%s %s" % (given, family), "family": family, "given": [given]}],
         "gender": gender, "birthDate": birth,
         "address": [{"use": "home", "line": ["%d Example Road" % (len(family) * 7)], "city": "Springfield",
                      "state": "MA", "postalCode": "01103", "country": "US"}]}
    return p


def payor_org_ref(shape, pid, display="Blue Cross Blue Shield of Massachusetts"):
    return ref("Organization", pid + "-bcbsma", display=display)


def coverage(cid, pid, plan_code, plan_name, start, end, shape, subscriber="XQE88100342",
             payor_display="Blue Cross Blue Shield of Massachusetts", payor_id=None, status="active", order=None,
             type_code="PPO", type_display="preferred provider organization policy"):
    c = {"resourceType": "Coverage", "id": cid, "status": status,
         "type": cc(coding(ACTCODE, type_code, type_display)),
         "subscriberId": subscriber,
         "beneficiary": ref("Patient", pid),
         "relationship": cc(coding("http://terminology.hl7.org/CodeSystem/subscriber-relationship", "self", "Self")),
         "period": {"start": start},
         "payor": [ref("Organization", payor_id or (pid + "-payor"), display=payor_display)],
         "class": [{"type": cc(coding("http://terminology.hl7.org/CodeSystem/coverage-class", "plan", "Plan")),
                    "value": plan_code, "name": plan_name},
                   {"type": cc(coding("http://terminology.hl7.org/CodeSystem/coverage-class", "group", "Group")),
                    "value": "G" + plan_code[-4:].upper(), "name": "Employer group"}]}
    if end:
        c["period"]["end"] = end
    if order:
        c["order"] = order
    return c


def condition(cid, pid, codings, text, onset, shape, body_site=None, clinical="active", verification="confirmed",
              category="problem-list-item", stage=None, encounter=None, evidence=None):
    c = {"resourceType": "Condition", "id": cid,
         "clinicalStatus": cc(coding(COND_CLIN, clinical, clinical.capitalize())),
         "verificationStatus": cc(coding(COND_VER, verification, verification.capitalize())),
         "category": [cc(coding(COND_CAT, category,
                                "Problem List Item" if category == "problem-list-item" else "Encounter Diagnosis"))],
         "code": cc(*codings, text=text),
         "subject": ref("Patient", pid),
         "onsetDateTime": onset, "recordedDate": onset}
    if shape == "synthea":
        del c["category"][0]["coding"][0]["display"]
        c["category"] = [cc(coding(COND_CAT, "encounter-diagnosis", "Encounter Diagnosis"))]
    if body_site:
        c["bodySite"] = [body_site]
    if stage:
        c["stage"] = stage
    if encounter:
        c["encounter"] = encounter
    if evidence:
        c["evidence"] = evidence
    return c


def obs(oid, pid, codings, text, when, shape, value=None, category="laboratory", focus=None, components=None,
        status="final", body_site=None, has_member=None, interpretation=None, method=None):
    o = {"resourceType": "Observation", "id": oid, "status": status,
         "category": [cc(coding(OBS_CAT, category, {"laboratory": "Laboratory", "imaging": "Imaging",
                                                     "exam": "Exam", "survey": "Survey"}.get(category)))],
         "code": cc(*codings, text=text),
         "subject": ref("Patient", pid),
         "effectiveDateTime": when, "issued": when}
    if shape == "epic" and category == "laboratory":
        o["category"].append(cc(coding("urn:oid:1.2.840.114350.1.13.0.1.7.10.798268.30", "Lab", "Lab")))
    if value is not None:
        o.update(value)
    if interpretation:
        o["interpretation"] = [interpretation]
    if focus:
        o["focus"] = [focus]
    if components:
        o["component"] = components
    if body_site:
        o["bodySite"] = body_site
    if has_member:
        o["hasMember"] = has_member
    if method:
        o["method"] = method
    return o


def qty(value, unit, code=None, comparator=None):
    q = {"value": value, "unit": unit, "system": UCUM, "code": code or unit}
    if comparator:
        q["comparator"] = comparator
    return {"valueQuantity": q}


def vcc(*codings, text=None):
    return {"valueCodeableConcept": cc(*codings, text=text)}


def attestation(oid, pid, code, display, value, when, performer=None):
    o = obs(oid, pid, [coding(ATTEST, code, display)], display, when, "any", value={"valueBoolean": value},
            category="survey")
    if performer:
        o["performer"] = [performer]
    return o


def tnm(prefix, pid, when, shape, focus, t, n, m, group=None):
    """Clinical TNM Observations (LOINC codes, SNOMED AJCC qualifier values)."""
    meth = cc(coding(SCT, "897275008", "American Joint Commission on Cancer, Cancer Staging Manual, 8th edition "
                                       "neoplasm staging system (tumor staging)"))
    out = []
    for suffix, loinc, disp, val in (("t", "21905-5", "Primary tumor.clinical [Class] Cancer", t),
                                     ("n", "21906-3", "Regional lymph nodes.clinical [Class] Cancer", n),
                                     ("m", "21907-1", "Distant metastases.clinical [Class] Cancer", m)):
        code, vdisp = val
        out.append(obs("%s-stage-%s" % (prefix, suffix), pid, [coding(LOINC, loinc, disp)], disp, when, shape,
                       value=vcc(coding(SCT, code, "American Joint Committee on Cancer %s (qualifier value)" % vdisp),
                                 text=vdisp), category="exam", focus=focus, method=meth))
    if group:
        gcode, gtext = group
        out.append(obs("%s-stage-group" % prefix, pid, [coding(LOINC, "21908-9", "Stage group.clinical Cancer")],
                       "Clinical stage group", when, shape,
                       value=vcc(coding(AJCC, gcode, gtext), text=gtext), category="exam", focus=focus, method=meth))
    return out


def service_request(sid, pid, codings, text, authored, occurrence, status="active", encounter=None, reason=None,
                    body_site=None, requester=None, performer=None, location=None, based_on=None, shape="epic",
                    intent="order", reason_code=None):
    s = {"resourceType": "ServiceRequest", "id": sid, "status": status, "intent": intent,
         "category": [cc(coding(SCT, "387713003", "Surgical procedure"))],
         "code": cc(*codings, text=text),
         "subject": ref("Patient", pid),
         "occurrenceDateTime": occurrence, "authoredOn": authored}
    if requester:
        s["requester"] = requester
    if encounter:
        s["encounter"] = encounter
    if reason:
        s["reasonReference"] = reason
    if reason_code:
        s["reasonCode"] = reason_code
    if body_site:
        s["bodySite"] = [body_site]
    if performer:
        s["performer"] = performer
    if location:
        s["locationReference"] = location
    if based_on:
        s["basedOn"] = based_on
    return s


def location(lid, name, types, managing=None, part_of=None):
    loc = {"resourceType": "Location", "id": lid, "status": "active", "name": name, "mode": "instance",
           "type": types}
    if managing:
        loc["managingOrganization"] = managing
    if part_of:
        loc["partOf"] = part_of
    return loc


def organization(oid, name, types, npi=None):
    o = {"resourceType": "Organization", "id": oid, "active": True, "name": name, "type": types}
    if npi:
        o["identifier"] = [{"system": "http://hl7.org/fhir/sid/us-npi", "value": npi}]
    return o


def practitioner(pid, family, given, npi):
    return {"resourceType": "Practitioner", "id": pid, "active": True,
            "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": npi}],
            "name": [{"family": family, "given": [given], "prefix": ["Dr."]}]}


def practitioner_role(rid, practitioner_id, org=None, locations=None, services=None, specialty=None):
    r = {"resourceType": "PractitionerRole", "id": rid, "active": True,
         "practitioner": ref("Practitioner", practitioner_id)}
    if org:
        r["organization"] = org
    if locations:
        r["location"] = locations
    if services:
        r["healthcareService"] = services
    if specialty:
        r["specialty"] = [specialty]
    return r


def encounter(eid, pid, klass, status, start, shape, etype=None, reason_code=None, reason_ref=None,
              locations=None, service_provider=None, end=None, hospitalization=None, participants=None):
    e = {"resourceType": "Encounter", "id": eid, "status": status, "class": klass,
         "subject": ref("Patient", pid), "period": {"start": start}}
    if end:
        e["period"]["end"] = end
    if etype:
        e["type"] = etype
    if reason_code:
        e["reasonCode"] = reason_code
    if reason_ref:
        e["reasonReference"] = reason_ref
    if locations:
        e["location"] = locations
    if service_provider:
        e["serviceProvider"] = service_provider
    if hospitalization:
        e["hospitalization"] = hospitalization
    if participants:
        e["participant"] = participants
    return e


def klass(code):
    disp = {"IMP": "inpatient encounter", "AMB": "ambulatory", "SS": "short stay", "EMER": "emergency",
            "OBSENC": "observation encounter", "ACUTE": "inpatient acute"}[code]
    return coding(ACTCODE, code, disp)


def appointment(aid, pid, status, start, minutes, based_on=None, participants=None, service_type=None,
                reason_code=None, reason_ref=None, description=None, created="2026-11-30",
                appointment_type=None, cancelation_reason=None):
    a = {"resourceType": "Appointment", "id": aid, "status": status}
    if cancelation_reason:
        a["cancelationReason"] = cancelation_reason
    if service_type:
        a["serviceType"] = service_type
    if appointment_type:
        a["appointmentType"] = appointment_type
    if reason_code:
        a["reasonCode"] = reason_code
    if reason_ref:
        a["reasonReference"] = reason_ref
    if description:
        a["description"] = description
    a["start"] = start
    # end = start + minutes (times are given as whole hours in the scenarios)
    hh = int(start[11:13]) + minutes // 60
    a["end"] = start[:11] + "%02d" % hh + start[13:]
    a["minutesDuration"] = minutes
    a["created"] = created
    if based_on:
        a["basedOn"] = based_on
    a["participant"] = [{"actor": ref("Patient", pid), "required": "required", "status": "accepted"}] + \
        (participants or [])
    return a


def participant(actor, status="accepted", ptype=None):
    p = {"actor": actor, "required": "required", "status": status}
    if ptype:
        p["type"] = [cc(coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", ptype,
                               {"PPRF": "primary performer", "LOC": "location", "ATND": "attender"}.get(ptype)))]
    return p


def task(tid, pid, focus, status, owner=None, loc=None, requester=None, authored="2026-12-01T09:00:00-05:00",
         status_reason=None, restriction=None):
    t = {"resourceType": "Task", "id": tid, "status": status, "intent": "order",
         "code": cc(coding("http://hl7.org/fhir/CodeSystem/task-code", "fulfill", "Fulfill the focal request")),
         "focus": focus, "for": ref("Patient", pid), "authoredOn": authored, "lastModified": authored}
    if status_reason:
        t["statusReason"] = status_reason
    if requester:
        t["requester"] = requester
    if owner:
        t["owner"] = owner
    if loc:
        t["location"] = loc
    if restriction:
        t["restriction"] = restriction
    return t


def procedure(pid_, pid, codings, text, status, when=None, body_site=None, encounter=None):
    p = {"resourceType": "Procedure", "id": pid_, "status": status, "code": cc(*codings, text=text),
         "subject": ref("Patient", pid)}
    if when:
        p["performedDateTime"] = when
    if body_site:
        p["bodySite"] = [body_site]
    if encounter:
        p["encounter"] = encounter
    return p
