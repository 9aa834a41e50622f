#!/usr/bin/env python3
"""Generate the held-out workflow scenarios (appointment-book, order-dispatch, encounter-start).

Written from BCBS MA Medical Policy 260, CDS Hooks 2.0 / hook library and Da Vinci CRD only, without reading the
service's code. Each scenario's expectation is stated here next to its data and copied into expected.json files and
README.md. Run: python3 generate.py (rewrites every scenario folder, expected.json and the README table).
"""
import json
import os

from fhirshapes import *  # noqa: F401,F403

HERE = os.path.dirname(os.path.abspath(__file__))
OBS_CODES = ("76633-7,88293-6,62238-1,69405-9,48642-3,33914-3,98979-8,50384-7,70969-1,50044-7,50210-4,48643-1,"
             "88294-4,94677-2,77147-7,98980-6,24323-8,24321-2,51990-0,24362-6,21889-1,33728-7,21908-9,21902-2,"
             "21914-7,399537006,399588009,21905-5,21899-0,399504009,384625004,21906-3,21900-6,399534004,371494008,"
             "21907-1,21901-4,399387003,371497001,89247-1,89243-0,not-surgical-candidate,surgical-candidate,"
             "resection-worsens-kidney-function,central-airway-obstruction,single-kidney,183932001")

SCENARIOS = []

# ---------------------------------------------------------------- shared clinical pieces
RIGHT_KIDNEY = cc(coding(SCT, "9846003", "Right kidney structure"))
LEFT_KIDNEY = cc(coding(SCT, "18639004", "Left kidney structure"))
RIGHT_LUNG = cc(coding(SCT, "3341006", "Right lung structure"))
LEFT_LUNG = cc(coding(SCT, "44029006", "Left lung structure"))

CPT_50593 = coding(CPT, "50593", "Ablation, renal tumor(s), unilateral, percutaneous, cryotherapy")
CPT_50250 = coding(CPT, "50250", "Ablation, open, 1 or more renal mass lesion(s), cryosurgical, including "
                                 "intraoperative ultrasound guidance and monitoring, if performed")
CPT_32994 = coding(CPT, "32994", "Ablation therapy for reduction or eradication of 1 or more pulmonary tumor(s) "
                                 "including pleura or chest wall when involved by tumor extension, percutaneous, "
                                 "including imaging guidance when performed, unilateral; cryoablation")
CPT_0581T = coding(CPT, "0581T", "Ablation, malignant breast tumor(s), percutaneous, cryotherapy, including imaging "
                                 "guidance when performed, unilateral")
CPT_20983 = coding(CPT, "20983", "Ablation therapy for reduction or eradication of 1 or more bone tumors (eg, "
                                 "metastasis) including adjacent soft tissue when involved by tumor extension, "
                                 "percutaneous, including imaging guidance when performed; cryoablation")
CPT_77013 = coding(CPT, "77013", "Computed tomography guidance for, and monitoring of, parenchymal tissue ablation")
CPT_48999 = coding(CPT, "48999", "Unlisted procedure, pancreas")

CN0 = ("1229967007", "cN0")
CM0 = ("1229901006", "cM0")
CT1A = ("1228892002", "cT1a")
CT1B = ("1228895000", "cT1b")
CT2A = ("1228931008", "cT2a")


def rcc_condition(prefix, pid, shape, side, onset="2026-10-20", stage=None, extra_codings=()):
    icd = ("C64.1", "Malignant neoplasm of right kidney, except renal pelvis") if side == "right" else \
        ("C64.2", "Malignant neoplasm of left kidney, except renal pelvis")
    codings = list(extra_codings) + [coding(ICD10, *icd), coding(SCT, "702391001", "Primary renal cell carcinoma")]
    return condition(prefix + "-rcc", pid, codings, "Clear cell renal cell carcinoma, %s kidney" % side, onset, shape,
                     body_site=RIGHT_KIDNEY if side == "right" else LEFT_KIDNEY, stage=stage)


def tumor_size(prefix, pid, shape, value, unit, when="2026-10-14T10:05:00-04:00", focus=None, as_component=False,
               local=None):
    codes = ([local] if local else []) + [coding(LOINC, "21889-1", "Size Tumor")]
    if as_component:
        return obs(prefix + "-tumor-size", pid, codes, "Tumor size (CT abdomen)", when, shape, category="imaging",
                   focus=focus, components=[{"code": cc(coding(LOINC, "33728-7",
                                                              "Size.maximum dimension in Tumor")),
                                             **qty(value, unit)}])
    return obs(prefix + "-tumor-size", pid, codes, "Tumor size (CT)", when, shape, value=qty(value, unit),
               category="imaging", focus=focus)


def egfr(prefix, pid, shape, loinc, value, unit_text, unit_code, when, local=None, suffix="egfr", comparator=None):
    names = {"98979-8": "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or "
                        "Blood by Creatinine-based formula (CKD-EPI 2021)",
             "62238-1": "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or "
                        "Blood by Creatinine-based formula (CKD-EPI)",
             "33914-3": "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum or Plasma by "
                        "Creatinine-based formula (MDRD)"}
    codes = ([local] if local else []) + [coding(LOINC, loinc, names[loinc])]
    return obs(prefix + "-" + suffix, pid, codes, "eGFR", when, shape,
               value=qty(value, unit_text, unit_code, comparator))


def bcbs_coverage(prefix, pid, shape, plan=("MAPPO", "Medicare PPO Blue"), start="2026-01-01", end="2026-12-31",
                  type_code="PPO", type_display="preferred provider organization policy",
                  payor_display="Blue Cross Blue Shield of Massachusetts"):
    return coverage(prefix + "-coverage", pid, plan[0], plan[1], start, end, shape, type_code=type_code,
                    type_display=type_display, payor_display=payor_display, payor_id=prefix + "-bcbsma",
                    subscriber="XQE%08d" % (int(uid(prefix)[:8], 16) % 100000000))


# ---------------------------------------------------------------- request assembly
def base_prefetch(prefix, pid, shape, pat, coverages, conditions, observations, procedures=(),
                  cond_outcome=None, obs_next=None, cond_includes=()):
    base = BASES[shape]
    return {
        "patient": pat,
        "coverage": searchset(prefix + "-prefetch-coverage", "%s/Coverage?patient=%s&status=active" % (base, pid),
                              coverages, base),
        "conditions": searchset(prefix + "-prefetch-conditions", "%s/Condition?patient=%s" % (base, pid),
                                conditions, base, outcome=cond_outcome, includes=cond_includes),
        "observations": searchset(prefix + "-prefetch-observations",
                                  "%s/Observation?patient=%s&code=%s" % (base, pid, OBS_CODES), observations, base,
                                  next_url=obs_next),
        "procedures": searchset(prefix + "-prefetch-procedures", "%s/Procedure?patient=%s" % (base, pid),
                                list(procedures), base),
        "diagnosticReports": searchset(prefix + "-prefetch-reports",
                                       "%s/DiagnosticReport?patient=%s&status=final,amended,corrected,appended"
                                       % (base, pid), [], base),
        "questionnaireResponses": searchset(prefix + "-prefetch-qr",
                                            "%s/QuestionnaireResponse?subject=%s&status=completed,amended"
                                            % (base, pid), [], base),
    }


def add(name, hook, service, context, prefetch, orders, why, facts, not_answered=(), no_coverage=()):
    req = {"hookInstance": uid(name), "hook": hook, "context": context, "prefetch": prefetch}
    exp = {"scenario": name, "service": service, "request": "%s/hook-request.json" % name, "orders": orders}
    if not_answered:
        exp["notAnswered"] = list(not_answered)
    if no_coverage:
        exp["noCoverage"] = list(no_coverage)
    SCENARIOS.append((name, req, exp, hook, facts, why))


def office_visit(prefix, pid, shape, start="2026-11-24T09:00:00-05:00"):
    return encounter(prefix + "-office-visit", pid, klass("AMB"), "finished", start, shape,
                     etype=[cc(coding(SCT, "185347001", "Encounter for problem (procedure)"),
                               text="Office Visit")], end=start[:11] + "09:40:00" + start[19:])


def appt_book(prefix, name, shape, pid, pat, coverages, conditions, observations, appts, includes, procedures=(),
              orders=(), why="", facts="", not_answered=(), user=None, encounter_res=None):
    base = BASES[shape]
    enc = encounter_res or office_visit(prefix, pid, shape)
    ctx = {"userId": user or "PractitionerRole/%s-scheduler-role" % prefix, "patientId": pid,
           "encounterId": enc["id"],
           "appointments": {"resourceType": "Bundle", "type": "collection",
                            "entry": [{"fullUrl": "%s/Appointment/%s" % (base, a["id"]), "resource": a}
                                      for a in appts]}}
    pf = base_prefetch(prefix, pid, shape, pat, coverages, conditions, observations, procedures)
    pf["encounter"] = enc
    pf["appointments"] = searchset(prefix + "-prefetch-appointments",
                                   "%s/Appointment?_id=%s&_include=Appointment:based-on&_include=Appointment:actor"
                                   % (base, ",".join(a["id"] for a in appts)), appts, base, includes=includes)
    add(name, "appointment-book", "cryoablation-appointment-book", ctx, pf, list(orders), why, facts, not_answered)


def dispatch(prefix, name, shape, pid, pat, coverages, conditions, observations, dispatched, active_orders,
             performer_ref, performer_res, includes=(), tasks=None, procedures=(), orders=(), why="", facts="",
             not_answered=(), orders_outcome=None, orders_next=None):
    base = BASES[shape]
    ctx = {"patientId": pid, "dispatchedOrders": dispatched, "performer": performer_ref}
    if tasks:
        ctx["fulfillmentTasks"] = tasks
    pf = base_prefetch(prefix, pid, shape, pat, coverages, conditions, observations, procedures)
    pf["dispatchedOrders"] = searchset(prefix + "-prefetch-orders",
                                       "%s/ServiceRequest?patient=%s&status=active" % (base, pid), active_orders,
                                       base, includes=includes, outcome=orders_outcome, next_url=orders_next)
    pf["performer"] = performer_res
    add(name, "order-dispatch", "cryoablation-order-dispatch", ctx, pf, list(orders), why, facts, not_answered)


def enc_start(prefix, name, shape, pid, pat, coverages, conditions, observations, enc, enc_orders, includes=(),
              procedures=(), orders=(), why="", facts="", not_answered=(), user=None):
    base = BASES[shape]
    ctx = {"userId": user or "Practitioner/%s-admitting" % prefix, "patientId": pid, "encounterId": enc["id"]}
    pf = base_prefetch(prefix, pid, shape, pat, coverages, conditions, observations, procedures)
    pf["encounter"] = enc
    pf["encounterOrders"] = searchset(prefix + "-prefetch-encounter-orders",
                                      "%s/ServiceRequest?patient=%s&encounter=%s" % (base, pid, enc["id"]),
                                      enc_orders, base, includes=includes)
    add(name, "encounter-start", "cryoablation-encounter-start", ctx, pf, list(orders), why, facts, not_answered)


def ans(reference, covered, pa=None, info=None):
    o = {"reference": reference, "covered": covered}
    if pa:
        o["paNeeded"] = pa
    if info:
        o["infoNeeded"] = info
    return o


def not_candidate(prefix, pid, when="2026-11-18T10:00:00-05:00"):
    return attestation(prefix + "-attest-not-candidate", pid, "not-surgical-candidate", "Not a surgical candidate",
                       True, when)


def resection_worsens(prefix, pid, when="2026-11-18T10:00:00-05:00"):
    return attestation(prefix + "-attest-resection-worsens", pid, "resection-worsens-kidney-function",
                       "Standard surgical approach likely to worsen kidney function substantially", True, when)


from scenarios import build  # noqa: E402

build(globals())


def main():
    SCENARIOS.sort(key=lambda s: s[0])
    index = []
    for name, req, exp, hook, facts, why in SCENARIOS:
        d = os.path.join(HERE, name)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "hook-request.json"), "w") as f:
            json.dump(req, f, indent=2)
            f.write("\n")
        with open(os.path.join(d, "expected.json"), "w") as f:
            json.dump([exp], f, indent=2)
            f.write("\n")
        with open(os.path.join(d, "README.md"), "w") as f:
            f.write("# %s\n\n%s: %s\n\n**Expected:** %s\n\n**Why:** %s\n" % (name, hook, facts, render(exp), why))
        index.append(exp)
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(index, f, indent=2)
        f.write("\n")
    rows = []
    for name, req, exp, hook, facts, why in SCENARIOS:
        rows.append("| [`%s`](%s/) | %s | %s | %s | %s |" % (name, name, hook, facts, render(exp), why))
    readme_path = os.path.join(HERE, "README.md")
    with open(readme_path) as f:
        text = f.read()
    start, end = "<!-- scenarios:start -->", "<!-- scenarios:end -->"
    head, rest = text.split(start)
    _, tail = rest.split(end)
    table = "\n| scenario | hook | facts | expected | why (policy / CRD clause) |\n|---|---|---|---|---|\n" + \
        "\n".join(rows) + "\n"
    with open(readme_path, "w") as f:
        f.write(head + start + table + end + tail)


def render(exp):
    parts = []
    for o in exp["orders"]:
        s = "`%s`: **%s**" % (o["reference"], o["covered"])
        if o.get("paNeeded"):
            s += " / %s" % o["paNeeded"]
        if o.get("infoNeeded"):
            s += " (info-needed %s)" % ", ".join(o["infoNeeded"])
        parts.append(s)
    for r in exp.get("notAnswered", []):
        parts.append("`%s`: no answer" % r)
    for r in exp.get("noCoverage", []):
        parts.append("`%s`: no coverage-information" % r)
    return "<br>".join(parts) if parts else "no coverage-information at all"


if __name__ == "__main__":
    main()
