#!/usr/bin/env python3
"""DTR answer scenarios: a conditional sample patient, then the same hook request with a QuestionnaireResponse to our
form in the questionnaireResponses prefetch key. Each scenario's expected.json entry names the base sample (answered
conditional, asking for the codes in "asks") and the answer the documented request gets. Run from anywhere:
python3 fhir-samples/dtr/generate.py (rewrites NN-slug/hook-request.json, expected.json and README.md)."""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)
CANONICAL = "http://cryocdshooks.org/fhir/Questionnaire/mp260-"
QR_PROFILE = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaireresponse"
QR_CONTEXT = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context"
INTENDED_USE = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/intendedUse"
ORIGIN = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin"
UCUM = "http://unitsofmeasure.org"


def boolean(value):
    return {"valueBoolean": value}


def quantity(value, unit):
    return {"valueQuantity": {"value": value, "unit": unit, "system": UCUM, "code": unit}}


def coding(system, code, display):
    return {"valueCoding": {"system": system, "code": code, "display": display}}


def reference(target):
    return {"valueReference": {"reference": target}}


SNOMED = "http://snomed.info/sct"
STAGE_I = coding("http://cancerstaging.org", "1", "Stage I")

# (slug, base sample, procedure, answers {linkId: answer}, expected covered, expected paNeeded, what it shows, change)
SCENARIOS = [
    ("01-renal-not-a-candidate", "07-renal-candidacy-unknown", "renal-cryoablation",
     {"surgical-candidacy": boolean(False)}, "covered", "no-auth", "not a surgical candidate (answer)", None),
    ("02-renal-a-candidate", "07-renal-candidacy-unknown", "renal-cryoablation",
     {"surgical-candidacy": boolean(True)}, "not-covered", None, "a surgical candidate, normal kidney function", None),
    ("03-renal-size-and-stage-documented", "08-renal-no-size-no-staging-inpatient", "renal-cryoablation",
     {"tumor-size": quantity(28, "mm"), "staging": STAGE_I}, "covered", "auth-needed", "28 mm, stage I", None),
    ("04-renal-size-above-limit", "08-renal-no-size-no-staging-inpatient", "renal-cryoablation",
     {"tumor-size": quantity(5.2, "cm"), "staging": STAGE_I}, "not-covered", None, "5.2 cm: above 4 cm", None),
    ("05-renal-candidate-low-egfr-resection-worsens", "09-renal-stale-egfr", "renal-cryoablation",
     {"surgical-candidacy": boolean(True), "egfr": quantity(42, "mL/min/{1.73_m2}"),
      "resection-worsens-kidney-function": boolean(True)}, "covered", "no-auth",
     "candidate, eGFR 42, resection worsens kidney function (preservation bullet)", None),
    ("06-renal-candidate-normal-egfr", "09-renal-stale-egfr", "renal-cryoablation",
     {"surgical-candidacy": boolean(True), "egfr": quantity(85, "mL/min/{1.73_m2}")}, "not-covered", None,
     "candidate, eGFR 85", None),
    ("07-lung-histology-nsclc", "29-lung-c34-no-histology", "lung-cryoablation",
     {"histology": coding(SNOMED, "254637007", "Non-small cell lung cancer")}, "covered", "no-auth",
     "histology NSCLC", None),
    ("08-lung-histology-sclc", "29-lung-c34-no-histology", "lung-cryoablation",
     {"histology": coding(SNOMED, "254632001", "Small cell carcinoma of lung")}, "not-covered", None,
     "histology SCLC (investigational)", None),
    ("09-epic-lung-not-a-candidate", "held-out-practice/58-epic-lung-nsclc-candidacy-unknown", "lung-cryoablation",
     {"surgical-candidacy": boolean(False)}, "covered", "no-auth", "not a surgical candidate", None),
    ("10-epic-lung-a-candidate", "held-out-practice/58-epic-lung-nsclc-candidacy-unknown", "lung-cryoablation",
     {"surgical-candidacy": boolean(True)}, "not-covered", None, "a surgical candidate (investigational)", None),
    ("11-synthea-renal-not-a-candidate", "held-out-practice/71-synthea-renal-candidacy-unknown-normal-egfr",
     "renal-cryoablation", {"surgical-candidacy": boolean(False)}, "covered", "no-auth",
     "not a surgical candidate", None),
    ("12-synthea-renal-a-candidate", "held-out-practice/71-synthea-renal-candidacy-unknown-normal-egfr",
     "renal-cryoablation", {"surgical-candidacy": boolean(True)}, "not-covered", None,
     "a surgical candidate, normal eGFR", None),
    ("13-hapi-renal-target-tumor-right", "real-world/29-hapi-two-tumours-order-names-neither", "renal-cryoablation",
     {"target-tumor": reference("Condition/w29-rcc-right")}, "covered", "no-auth", "the right RCC is the one treated", None),
    ("14-hapi-renal-side-right-not-both", "real-world/30-hapi-bilateral-modifier-50", "renal-cryoablation",
     {"laterality": coding(SNOMED, "24028007", "Right")}, "covered", "no-auth",
     "the right side, where modifier 50 said both", None),
    ("15-renal-answer-in-progress", "07-renal-candidacy-unknown", "renal-cryoablation",
     {"surgical-candidacy": boolean(False)}, "conditional", "no-auth", "set aside: status in-progress",
     "in-progress"),
    ("16-renal-answer-for-another-order", "07-renal-candidacy-unknown", "renal-cryoablation",
     {"surgical-candidacy": boolean(False)}, "conditional", "no-auth", "set aside: about another order",
     "other-order"),
    ("17-renal-answer-without-author", "07-renal-candidacy-unknown", "renal-cryoablation",
     {"surgical-candidacy": boolean(False)}, "conditional", "no-auth", "set aside: no author", "no-author"),
    ("18-epic-rcc-metastasis-confirmed", "held-out-practice/13-epic-rcc-provisional-lung-metastasis-after-staging",
     "renal-cryoablation", {"confirm-metastasis": boolean(True)}, "not-covered", None,
     "the provisional lung metastasis is confirmed: not localized", None),
    ("19-epic-rcc-metastasis-ruled-out", "held-out-practice/13-epic-rcc-provisional-lung-metastasis-after-staging",
     "renal-cryoablation", {"confirm-metastasis": boolean(False)}, "covered", "no-auth",
     "the provisional lung metastasis is ruled out: localized as staged", None),
    ("20-renal-provisional-diagnosis-confirmed", "24-renal-provisional-diagnosis", "renal-cryoablation",
     {"confirmed-diagnosis": boolean(True)}, "covered", "no-auth", "the provisional RCC is confirmed", None),
    ("21-renal-provisional-diagnosis-not-confirmed", "24-renal-provisional-diagnosis", "renal-cryoablation",
     {"confirmed-diagnosis": boolean(False)}, "conditional", "no-auth",
     "the RCC is not confirmed: still conditional, never denied", None),
    ("22-cerner-nsclc-bone-metastasis-ruled-out", "held-out-practice/14-cerner-nsclc-differential-bone-metastasis",
     "lung-cryoablation", {"confirm-metastasis": boolean(False)}, "covered", "no-auth",
     "the differential bone metastasis is ruled out: early stage as staged", None),
]


def answered(answer):
    """The answer as the clinician typed it (DTR information-origin: manual, by the ordering physician)."""
    origin = {"url": ORIGIN, "extension": [
        {"url": "source", "valueCode": "manual"},
        {"url": "author", "extension": [
            {"url": "practitioner", "valueReference": {"reference": "Practitioner/dtr-ordering-physician"}}]}]}
    return {"extension": [origin], **answer}


def response(request, slug, procedure, answers, change):
    order = request["context"]["draftOrders"]["entry"][0]["resource"]
    coverage = request["prefetch"]["coverage"]["entry"][0]["resource"]
    authored = order["authoredOn"][:10] + "T09:00:00-05:00"
    qr = {
        "resourceType": "QuestionnaireResponse",
        "id": f"dtr-{slug[:2]}-qr",
        "meta": {"profile": [QR_PROFILE]},
        "extension": [
            {"url": QR_CONTEXT, "valueReference": {"reference": f"ServiceRequest/{order['id']}"}},
            {"url": QR_CONTEXT, "valueReference": {"reference": f"Coverage/{coverage['id']}"}},
            # CRD DocReason: kept in the EHR as evidence of medical necessity (what the next hook reads).
            {"url": INTENDED_USE, "valueCodeableConcept": {"coding": [
                {"system": "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp", "code": "retain-doc",
                 "display": "Medical necessity"}]}},
        ],
        "questionnaire": CANONICAL + procedure,
        "status": "in-progress" if change == "in-progress" else "completed",
        "subject": {"reference": f"Patient/{request['context']['patientId']}"},
        "authored": authored,
        "author": {"reference": "Practitioner/dtr-ordering-physician"},
        "item": [
            {
                "linkId": "documentation",
                "item": [{"linkId": link, "answer": [answered(answer)]} for link, answer in answers.items()],
            }
        ],
    }
    if change == "other-order":
        qr["extension"][0]["valueReference"]["reference"] = "ServiceRequest/another-order"
    if change == "no-author":
        del qr["author"]
    return qr


def main():
    expected = []
    rows = []
    for slug, base, procedure, answers, covered, pa, shows, change in SCENARIOS:
        base_request = os.path.join(base, "hook-request.json")
        with open(os.path.join(SAMPLES, base_request), encoding="utf-8") as f:
            request = json.load(f)
        documented = copy.deepcopy(request)
        documented["hookInstance"] = f"d7e0a2c4-2600-4000-8000-0000000000{slug[:2]}"
        qr = response(request, slug, procedure, answers, change)
        documented["prefetch"]["questionnaireResponses"] = {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": 1,
            "entry": [{"fullUrl": f"https://ehr.example.org/fhir/QuestionnaireResponse/{qr['id']}", "resource": qr}],
        }
        os.makedirs(os.path.join(HERE, slug), exist_ok=True)
        with open(os.path.join(HERE, slug, "hook-request.json"), "w", encoding="utf-8") as f:
            json.dump(documented, f, indent=2, ensure_ascii=False)
            f.write("\n")
        order = f"ServiceRequest/{request['context']['draftOrders']['entry'][0]['resource']['id']}"
        entry = {
            "scenario": slug,
            "service": "cryoablation-order-sign",
            "request": f"{slug}/hook-request.json",
            "base": f"../{base_request}",
            "questionnaire": CANONICAL + procedure,
            "orders": [{"reference": order, "covered": covered, "paNeeded": pa}],
        }
        if change:
            entry["setAside"] = f"QuestionnaireResponse/{qr['id']}"
        expected.append(entry)
        rows.append(f"| `{slug}` | `{base}` | {', '.join(f'`{k}`' for k in answers)} | {shows} | {covered} |")
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as f:
        f.write(README_HEAD + "\n".join(rows) + "\n")


README_HEAD = """# DTR answers (issue 26, point 6)

Each scenario is a conditional sample patient (`base`, answered `conditional` with `doc-needed` = `clinical`, our
Questionnaire in the coverage-information and, when `CdsService:DtrLaunchUrl` is set, a DTR link) and the same
hook request with a DTR QuestionnaireResponse to our form in the `questionnaireResponses` prefetch key: completed,
about the hook's patient, naming the order (and Coverage) in DTR `qr-context`, authored on the order's date by a
Practitioner, with DTR `intendedUse` and each answer's `information-origin` (manual, by that Practitioner), so each
response conforms to `dtr-questionnaireresponse` (`QuestionnaireResponseProfileTests`). The answer then follows the documentation ([data-conventions](../../docs/data-conventions.md#answers-to-our-questionnaires)).
Scenarios 15-17 change one thing so the response is set aside: the answer stays conditional and the card says why.
Scenarios 18-22 answer the confirmation questions about the unconfirmed findings of an Epic, a textbook and an Oracle
Health chart (I-17): confirmed counts them, not confirmed (ruled out) leaves the answer as recorded, and an unconfirmed
diagnosis stays conditional.
The Web tests post every scenario, and its base without the response, to both hooks (`DtrAnswerTests`,
`SampleScenarioTests`). Generated by `generate.py` from the base samples; existing sample answers are unchanged.

| Scenario | Base sample | Answers | What the answers say | Covered |
|---|---|---|---|---|
"""

if __name__ == "__main__":
    main()
