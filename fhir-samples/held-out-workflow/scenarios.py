"""The 24 held-out workflow scenarios. Called by generate.py with its globals (builders and helpers)."""

P260 = "MP 260"


def build(g):
    globals().update(g)
    appointment_book_scenarios()
    order_dispatch_scenarios()
    encounter_start_scenarios()


# ====================================================================== appointment-book
def appointment_book_scenarios():
    # ---------------------------------------------------------------- bw01
    p, shape = "bw01", "epic"
    pid = p + "-eLq3Zt0"
    base = BASES[shape]
    pat = patient(pid, "Okafor", "Beatrice", "female", "1944-06-02", "E4410021", shape)
    nsclc = condition(p + "-nsclc", pid, [coding(EPIC_DX, "1065213", "Adenocarcinoma of right upper lobe of lung"),
                                          coding(ICD10, "C34.11", "Malignant neoplasm of upper lobe, right bronchus "
                                                                  "or lung"),
                                          coding(SCT, "254637007", "Non-small cell lung cancer (disorder)")],
                      "Adenocarcinoma of right upper lobe (HCC)", "2026-10-02", shape, body_site=RIGHT_LUNG)
    nsclc_dx = condition(p + "-nsclc-encdx", pid, [coding(EPIC_DX, "1065213", "Adenocarcinoma of right upper lobe "
                                                                              "of lung"),
                                                   coding(ICD10, "C34.11", "Malignant neoplasm of upper lobe, right "
                                                                           "bronchus or lung")],
                         "Adenocarcinoma of right upper lobe (HCC)", "2026-11-24", shape,
                         category="encounter-diagnosis", encounter=ref("Encounter", p + "-office-visit"))
    copd = condition(p + "-copd", pid, [coding(EPIC_DX, "140512", "COPD, severe"),
                                        coding(ICD10, "J44.9", "Chronic obstructive pulmonary disease, unspecified"),
                                        coding(SCT, "13645005", "Chronic obstructive lung disease (disorder)")],
                     "Severe COPD (FEV1 32% predicted)", "2015-03-11", shape)
    focus = ref("Condition", p + "-nsclc")
    observations = tnm(p, pid, "2026-10-20T15:00:00-04:00", shape, focus, CT1B, CN0, CM0, group=("1A2", "Stage IA2")) + \
        [not_candidate(p, pid)]
    sr = service_request(p + "-order", pid, [coding(EPIC_PROC, "IMG7731", "IR CRYOABLATION LUNG PERCUTANEOUS"),
                                             CPT_32994], "IR cryoablation, right upper lobe lung nodule",
                         "2026-11-24T10:12:00-05:00", "2026-12-15T08:00:00-05:00", reason=[focus],
                         body_site=RIGHT_LUNG, requester=ref("PractitionerRole", p + "-pulm-role"))
    loc = location(p + "-ir-suite", "SPRINGFIELD GEN HOSP IR OUTPATIENT SUITE",
                   [cc(coding(ROLECODE, "HOSP", "Hospital")),
                    cc(coding(POS, "22", "On Campus-Outpatient Hospital"))])
    role = practitioner_role(p + "-ir-role", p + "-ir", locations=[ref("Location", p + "-ir-suite")],
                             specialty=cc(coding(NUCC, "2085R0204X", "Vascular & Interventional Radiology")))
    appt = appointment(p + "-appt", pid, "proposed", "2026-12-15T08:00:00-05:00", 180,
                       based_on=[{"reference": "%s/ServiceRequest/%s" % (base, sr["id"])}],
                       participants=[participant(ref("PractitionerRole", role["id"]), ptype="PPRF"),
                                     participant(ref("Location", loc["id"]), ptype="LOC")],
                       service_type=[cc(coding("urn:oid:1.2.840.114350.1.13.0.1.7.10.698084.30", "1040",
                                               "IR PROCEDURE"), text="IR Procedure")],
                       description="Percutaneous cryoablation RUL nodule, CT guided")
    appt_book(p, "bw01-epic-lung-stage-ia-outpatient-hospital-location", shape, pid, pat,
              [bcbs_coverage(p, pid, shape, plan=("MAPPO", "Medicare PPO Blue"))],
              [nsclc, nsclc_dx, copd], observations, [appt], [sr, role, loc, pat],
              orders=[ans("Appointment/bw01-appt", "covered", "no-auth")],
              facts="Epic shape; C34.11 + SNOMED NSCLC + Epic local code, duplicate encounter-diagnosis Condition; "
                    "cT1b cN0 cM0, stage IA2; not-surgical-candidate attestation; Appointment basedOn an absolute "
                    "ServiceRequest reference (32994); Location.type v3-RoleCode HOSP *and* CMS POS 22",
              why="%s lung bullet 1: early-stage NSCLC + poor surgical candidate -> medically necessary. POS 22 "
                  "(on-campus outpatient) is outpatient -> 'Prior authorization is not required' (all products). "
                  "HOSP alone would not say in/outpatient; the POS coding does." % P260)

    # ---------------------------------------------------------------- bw02
    p, shape = "bw02", "cerner"
    pid = p + "-12742391"
    pat = patient(pid, "Marchetti", "Vincent", "male", "1951-09-30", "CR0092212", shape)
    stage = [{"summary": cc(coding(AJCC, "1", "Stage I"), text="Stage I"),
              "type": cc(text="Clinical")}]
    rcc = rcc_condition(p, pid, shape, "left", stage=stage,
                        extra_codings=[coding(CERNER_NOMEN, "12599321", "Renal cell carcinoma of left kidney")])
    focus = ref("Condition", rcc["id"])
    size = tumor_size(p, pid, shape, 34, "mm", focus=focus,
                      local=coding(CERNER_CS72, "2700655341", "Tumor Size Greatest Dimension"))
    observations = [size, not_candidate(p, pid)]
    sr = service_request(p + "-order", pid, [coding(CERNER_CS200, "2757623921", "IR Renal Cryoablation"),
                                             CPT_50593], "IR Renal Cryoablation", "2026-11-23T16:40:00-05:00",
                         "2026-12-16T07:30:00-05:00", reason=[focus], body_site=LEFT_KIDNEY,
                         requester=ref("Practitioner", p + "-urologist"))
    hosp = organization(p + "-hospital", "Baystate Example Medical Center",
                        [cc(coding(ORGTYPE, "prov", "Healthcare Provider"))])
    ward = location(p + "-main-or", "BEMC Main Campus Inpatient",
                    [cc(coding(ROLECODE, "HOSP", "Hospital")), cc(coding(POS, "21", "Inpatient Hospital"))],
                    managing=ref("Organization", hosp["id"]))
    role = practitioner_role(p + "-ir-role", p + "-ir", org=ref("Organization", hosp["id"]),
                             locations=[ref("Location", ward["id"])])
    appt = appointment(p + "-appt", pid, "proposed", "2026-12-16T07:00:00-05:00", 120,
                       based_on=[ref("ServiceRequest", sr["id"])],
                       participants=[participant(ref("PractitionerRole", role["id"]), ptype="PPRF")],
                       service_type=[cc(text="IR Procedure - Inpatient Admit")])
    appt_book(p, "bw02-cerner-kidney-stage-in-condition-practitionerrole-inpatient", shape, pid, pat,
              [bcbs_coverage(p, pid, shape, plan=("HMOBLUE", "HMO Blue"), type_code="HMO",
                             type_display="health maintenance organization policy")],
              [rcc], observations, [appt], [sr, role, ward, hosp, pat],
              orders=[ans("Appointment/bw02-appt", "covered", "auth-needed")],
              facts="Oracle Health shape; C64.2 + Cerner nomenclature code; tumour 34 mm (mm, not cm); staging only in "
                    "Condition.stage.summary (AJCC 'Stage I'); not-surgical-candidate attestation; the only setting "
                    "is the PractitionerRole participant's Location (POS 21); context encounter is the AMB office "
                    "visit where the booking was made",
              why="%s kidney: RCC 3.4 cm (<= 4 cm), localized (stage I = T1N0M0), not a surgical candidate -> "
                  "medically necessary. Procedure place is POS 21 inpatient -> 'precertification IS REQUIRED ... "
                  "inpatient'. The office-visit encounter (AMB) is where the booking happened, not where the "
                  "procedure is done." % P260)

    # ---------------------------------------------------------------- bw03
    p, shape = "bw03", "hapi"
    pid = p + "-patient"
    other = p + "-other-patient"
    pat = patient(pid, "Lindqvist", "Harold", "male", "1939-02-17", "H-558201", shape)
    rcc = rcc_condition(p, pid, shape, "right")
    focus = ref("Condition", rcc["id"])
    observations = [tumor_size(p, pid, shape, 2.6, "cm", focus=focus)] + \
        tnm(p, pid, "2026-10-21T09:00:00-04:00", shape, focus, CT1A, CN0, CM0) + [not_candidate(p, pid)]
    sr = service_request(p + "-order", pid, [CPT_50593], "Percutaneous renal cryoablation",
                         "2026-11-25T11:00:00-05:00", "2026-12-18T09:00:00-05:00", reason=[focus],
                         body_site=RIGHT_KIDNEY)
    sr_other = service_request(p + "-other-order", other, [CPT_50593], "Percutaneous renal cryoablation",
                               "2026-11-25T11:30:00-05:00", "2026-12-18T13:00:00-05:00", body_site=LEFT_KIDNEY)
    asc = location(p + "-asc", "Pioneer Valley Surgery Center",
                   [cc(coding(POS, "24", "Ambulatory Surgical Center"))])
    appt = appointment(p + "-appt", pid, "proposed", "2026-12-18T09:00:00-05:00", 120,
                       based_on=[ref("ServiceRequest", sr["id"])],
                       participants=[participant(ref("Location", asc["id"]), ptype="LOC")])
    appt_other = appointment(p + "-appt-other", other, "proposed", "2026-12-18T13:00:00-05:00", 120,
                             based_on=[ref("ServiceRequest", sr_other["id"])],
                             participants=[participant(ref("Location", asc["id"]), ptype="LOC")])
    appt_book(p, "bw03-hapi-appointment-for-another-patient-in-bundle", shape, pid, pat,
              [bcbs_coverage(p, pid, shape, plan=("MAHMO", "Medicare HMO Blue"), type_code="HMO",
                             type_display="health maintenance organization policy")],
              [rcc], observations, [appt, appt_other], [sr, sr_other, asc],
              orders=[ans("Appointment/bw03-appt", "covered", "no-auth")],
              not_answered=["Appointment/bw03-appt-other"],
              facts="HAPI shape; appointments Bundle holds this patient's proposed Appointment and one for another "
                    "patient (same ASC block); C64.1 2.6 cm cT1a cN0 cM0, not-surgical-candidate; Location POS 24",
              why="%s kidney: <= 4 cm localized RCC, not a surgical candidate -> covered; POS 24 ASC is "
                  "outpatient -> no PA. The other patient's Appointment is not about context.patientId (CDS Hooks: "
                  "the hook is for the Patient in context) -> no answer for it." % P260)

    # ---------------------------------------------------------------- bw04
    p, shape = "bw04", "epic"
    pid = p + "-eTn8Qw1"
    pat = patient(pid, "Desrosiers", "Claudette", "female", "1958-12-05", "E4410188", shape)
    rcc = rcc_condition(p, pid, shape, "left",
                        extra_codings=[coding(EPIC_DX, "1063390", "Renal cell carcinoma of left kidney")])
    absent = condition(p + "-absent-kidney", pid, [coding(EPIC_DX, "281140", "H/O right nephrectomy"),
                                                   coding(ICD10, "Z90.5", "Acquired absence of kidney")],
                       "Acquired absence of right kidney", "2019-04-02", shape, body_site=RIGHT_KIDNEY)
    neph = procedure(p + "-nephrectomy", pid, [coding(CPT, "50220", "Nephrectomy, including partial "
                                                                    "ureterectomy, any open approach")],
                     "Right radical nephrectomy", "completed", when="2019-04-02", body_site=RIGHT_KIDNEY)
    focus = ref("Condition", rcc["id"])
    observations = [tumor_size(p, pid, shape, 2.1, "cm", focus=focus,
                               local=coding(EPIC_LAB, "9920041", "CT TUMOR LONGEST DIAMETER"))] + \
        tnm(p, pid, "2026-10-29T11:00:00-04:00", shape, focus, CT1A, CN0, CM0, group=("1", "Stage I")) + \
        [egfr(p, pid, shape, "98979-8", 64, "mL/min/1.73m2", "mL/min/{1.73_m2}", "2026-11-12T07:45:00-05:00",
              local=coding(EPIC_LAB, "1558014", "EGFR CKD-EPI 2021")),
         resection_worsens(p, pid)]
    sr = service_request(p + "-order", pid, [coding(EPIC_PROC, "IMG7729", "IR CRYOABLATION RENAL PERCUTANEOUS"),
                                             CPT_50593], "IR cryoablation, left renal mass",
                         "2026-11-20T14:02:00-05:00", "2026-12-17T08:00:00-05:00", reason=[focus],
                         body_site=LEFT_KIDNEY)
    inpt = location(p + "-inpatient", "SPRINGFIELD GEN HOSP 6 WEST", [cc(coding(POS, "21", "Inpatient Hospital"))])
    offc = location(p + "-offcampus", "SPRINGFIELD GEN HOSP WEST CAMPUS IMAGING",
                    [cc(coding(ROLECODE, "OF", "Outpatient facility")),
                     cc(coding(POS, "19", "Off Campus-Outpatient Hospital"))])
    hcs = {"resourceType": "HealthcareService", "id": p + "-ir-service", "active": True,
           "type": [cc(text="Interventional Radiology")], "name": "West Campus Interventional Radiology",
           "location": [ref("Location", offc["id"])]}
    old = appointment(p + "-appt-cancelled", pid, "cancelled", "2026-12-10T08:00:00-05:00", 120,
                      based_on=[ref("ServiceRequest", sr["id"])],
                      participants=[participant(ref("Location", inpt["id"]), status="declined", ptype="LOC")],
                      cancelation_reason=cc(coding("http://terminology.hl7.org/CodeSystem/appointment-cancellation-"
                                                   "reason", "prov", "Provider"), text="Moved to outpatient slot"))
    new = appointment(p + "-appt", pid, "proposed", "2026-12-17T08:00:00-05:00", 120,
                      based_on=[ref("ServiceRequest", sr["id"])],
                      participants=[participant(ref("HealthcareService", hcs["id"]))])
    appt_book(p, "bw04-epic-cancelled-and-rebooked-healthcareservice-off-campus", shape, pid, pat,
              [bcbs_coverage(p, pid, shape, plan=("PPOBLUE", "Blue Care Elect PPO"))],
              [rcc, absent], observations, [old, new], [sr, inpt, offc, hcs], procedures=[neph],
              orders=[ans("Appointment/bw04-appt", "covered", "no-auth")],
              not_answered=["Appointment/bw04-appt-cancelled"],
              facts="Epic shape; solitary left kidney (Z90.5 + 2019 right nephrectomy 50220); C64.2 2.1 cm stage I "
                    "cT1a cN0 cM0; eGFR 64 (98979-8); resection-worsens attestation; a cancelled inpatient "
                    "Appointment and the proposed rebooking whose only participant is a HealthcareService at an "
                    "off-campus outpatient Location (v3-RoleCode OF + POS 19)",
              why="%s kidney bullet 1: 1 kidney + resection likely to worsen kidney function, RCC <= 4 cm localized "
                  "-> medically necessary (the eGFR >= 60 does not matter when the patient has 1 kidney). POS 19 "
                  "is outpatient -> no PA. The cancelled Appointment is no longer a proposal (CDS Hooks: appointments "
                  "'in proposed state'; CRD: clients may skip system actions on cancelled records) -> no answer, and "
                  "its inpatient Location must not make the new one inpatient." % P260)

    # ---------------------------------------------------------------- bw05
    p, shape = "bw05", "cerner"
    pid = p + "-12750022"
    pat = patient(pid, "Fairbanks", "Ruth", "female", "1962-01-19", "CR0093518", shape)
    brca = condition(p + "-breast-ca", pid, [coding(CERNER_NOMEN, "5312207", "Invasive ductal carcinoma of left "
                                                                             "breast"),
                                             coding(ICD10, "C50.412", "Malignant neoplasm of upper-outer quadrant of "
                                                                      "left female breast"),
                                             coding(SCT, "254837009", "Malignant neoplasm of breast (disorder)")],
                     "Invasive ductal carcinoma, left breast, 1.2 cm", "2026-10-08", shape,
                     body_site=cc(coding(SCT, "80248007", "Left breast structure")))
    focus = ref("Condition", brca["id"])
    sr = service_request(p + "-order", pid, [coding(CERNER_CS200, "2757700113", "US Breast Cryoablation"),
                                             CPT_0581T], "Percutaneous cryoablation left breast tumor",
                         "2026-11-19T13:00:00-05:00", "2026-12-14T10:00:00-05:00", reason=[focus])
    asc = location(p + "-asc", "Example Breast Surgery Center",
                   [cc(coding(POS, "24", "Ambulatory Surgical Center"))])
    appt = appointment(p + "-appt", pid, "proposed", "2026-12-14T10:00:00-05:00", 60,
                       based_on=[ref("ServiceRequest", sr["id"])],
                       participants=[participant(ref("Location", asc["id"]), ptype="LOC")])
    appt_book(p, "bw05-cerner-breast-0581t-ambulatory-surgical-center", shape, pid, pat,
              [bcbs_coverage(p, pid, shape, plan=("INDEMN", "Indemnity"), type_code="PPO")],
              [brca], [not_candidate(p, pid)], [appt], [sr, asc],
              orders=[ans("Appointment/bw05-appt", "not-covered")],
              facts="Oracle Health shape; C50.412 + SNOMED breast cancer; 0581T; not-surgical-candidate attestation "
                    "(irrelevant); ASC",
              why="%s: 0581T is listed as investigational; breast tumours are investigational whatever the "
                  "candidacy -> not-covered, and CRD forbids pa-needed with not-covered (invariant crd-ci-q2)." % P260)

    # ---------------------------------------------------------------- bw06
    p, shape = "bw06", "epic"
    pid = p + "-eWm4Rr7"
    pat = patient(pid, "Nakamura", "Kenji", "male", "1955-07-23", "E4410349", shape)
    rcc = rcc_condition(p, pid, shape, "right",
                        extra_codings=[coding(EPIC_DX, "1063389", "Renal cell carcinoma of right kidney")])
    ckd = condition(p + "-ckd", pid, [coding(EPIC_DX, "1010112", "CKD stage 3a"),
                                      coding(ICD10, "N18.31", "Chronic kidney disease, stage 3a"),
                                      coding(SCT, "700378005", "Chronic kidney disease stage 3A (disorder)")],
                    "Stage 3a chronic kidney disease (HCC)", "2024-05-14", shape)
    focus = ref("Condition", rcc["id"])
    observations = [tumor_size(p, pid, shape, 35, "mm", focus=focus, as_component=True,
                               local=coding(EPIC_LAB, "9920041", "CT TUMOR LONGEST DIAMETER"))] + \
        tnm(p, pid, "2026-10-27T11:00:00-04:00", shape, focus, CT1A, CN0, CM0) + \
        [egfr(p, pid, shape, "98979-8", 48, "mL/min/1.73m2", "mL/min/{1.73_m2}", "2026-11-10T08:10:00-05:00",
              local=coding(EPIC_LAB, "1558014", "EGFR CKD-EPI 2021"))]
    sr = service_request(p + "-order", pid, [coding(EPIC_PROC, "IMG7729", "IR CRYOABLATION RENAL PERCUTANEOUS"),
                                             CPT_50593], "IR cryoablation, right renal mass",
                         "2026-11-24T15:20:00-05:00", "2026-12-21T09:00:00-05:00", reason=[focus],
                         body_site=RIGHT_KIDNEY)
    asc_org = organization(p + "-asc-org", "Connecticut River Surgery Center LLC",
                           [cc(coding(NUCC, "261QA1903X", "Ambulatory Surgical"))], npi="1992999881")
    asc = location(p + "-asc", "CT RIVER SURGERY CENTER", [cc(coding(POS, "24", "Ambulatory Surgical Center"))],
                   managing=ref("Organization", asc_org["id"]))
    appt = appointment(p + "-appt", pid, "proposed", "2026-12-21T09:00:00-05:00", 120,
                       based_on=[ref("ServiceRequest", sr["id"])],
                       participants=[participant(ref("Location", asc["id"]), ptype="LOC")])
    appt_book(p, "bw06-epic-rcc-egfr48-no-attestation-conditional", shape, pid, pat,
              [bcbs_coverage(p, pid, shape, plan=("PPOBLUE", "Blue Care Elect PPO"))],
              [rcc, ckd], observations, [appt], [sr, asc, asc_org],
              orders=[ans("Appointment/bw06-appt", "conditional", "no-auth")],
              facts="Epic shape; C64.1; tumour 35 mm as component 33728-7 of 21889-1; cT1a cN0 cM0; eGFR 48 "
                    "(98979-8) + N18.31; two kidneys; no attestation of 'resection likely to worsen kidney "
                    "function' and no surgical-candidacy statement; ASC",
              why="%s kidney bullet 1 needs renal insufficiency **and** 'standard surgical approach likely to "
                  "worsen kidney function substantially'; only the first is in the chart, and candidacy (bullet 2 / "
                  "investigational sentence) is unknown -> undecidable -> conditional. ASC = outpatient -> no PA "
                  "whatever the clinical answer." % P260)

    # ---------------------------------------------------------------- bw07
    p, shape = "bw07", "epic"
    pid = p + "-eHh2Kp5"
    pat = patient(pid, "Gallagher", "Maureen", "female", "1949-03-08", "E4410512", shape)
    rcc = rcc_condition(p, pid, shape, "right")
    focus = ref("Condition", rcc["id"])
    observations = [tumor_size(p, pid, shape, 2.9, "cm", focus=focus)] + \
        tnm(p, pid, "2026-11-02T11:00:00-05:00", shape, focus, CT1A, CN0, CM0) + [not_candidate(p, pid)]
    sr = service_request(p + "-order", pid, [CPT_50593], "IR cryoablation, right renal mass",
                         "2026-11-30T09:00:00-05:00", "2027-01-12T08:00:00-05:00", reason=[focus],
                         body_site=RIGHT_KIDNEY)
    asc = location(p + "-asc", "PIONEER VALLEY SURGERY CENTER", [cc(coding(POS, "24", "Ambulatory Surgical Center"))])
    appt = appointment(p + "-appt", pid, "proposed", "2027-01-12T08:00:00-05:00", 120,
                       based_on=[ref("ServiceRequest", sr["id"])],
                       participants=[participant(ref("Location", asc["id"]), ptype="LOC")])
    bcbs = bcbs_coverage(p, pid, shape, plan=("HMOBLUE", "HMO Blue"), type_code="HMO",
                         type_display="health maintenance organization policy", end="2026-12-31",
                         payor_display="BLUE CROSS BLUE SHIELD OF MASSACHUSETTS")
    tufts = coverage(p + "-coverage-2027", pid, "TUFTSHMO", "Tufts Health Plan HMO", "2027-01-01", None, shape,
                     type_code="HMO", type_display="health maintenance organization policy",
                     payor_display="TUFTS HEALTH PLAN", payor_id=p + "-tufts", subscriber="T0098812")
    appt_book(p, "bw07-epic-appointment-after-coverage-ends", shape, pid, pat, [bcbs, tufts],
              [rcc], observations, [appt], [sr, asc],
              orders=[ans("Appointment/bw07-appt", "not-covered")],
              facts="Epic shape; clinically a covered case (C64.1 2.9 cm cT1a cN0 cM0, not a surgical candidate, "
                    "ASC); two 'active' Coverages: BCBS MA HMO Blue ending 2026-12-31 (payor display in capitals) "
                    "and Tufts from 2027-01-01; the Appointment is 2027-01-12",
              why="CRD 2.2 resp-45: the patient resolves, but our coverage is not in effect on the date of "
                  "service -> coverage-information 'not-covered' with reason no-active-coverage, referencing our "
                  "(expired-by-then) Coverage; no pa-needed (crd-ci-q2). OPEN: the team may prefer 'no "
                  "coverage-information' (as for a patient with no Coverage of ours at all).")


# ====================================================================== order-dispatch
def order_dispatch_scenarios():
    # ---------------------------------------------------------------- bw08
    p, shape = "bw08", "cerner"
    pid = p + "-12760331"
    base = BASES[shape]
    pat = patient(pid, "Oyelaran", "Femi", "male", "1957-10-14", "CR0094470", shape)
    rcc = rcc_condition(p, pid, shape, "right",
                        extra_codings=[coding(CERNER_NOMEN, "12599320", "Renal cell carcinoma of right kidney")])
    focus = ref("Condition", rcc["id"])
    bmp = obs(p + "-bmp", pid, [coding(CERNER_CS72, "2700001", "Basic Metabolic Panel"),
                                coding(LOINC, "24321-2", "Basic metabolic 2000 panel - Serum or Plasma")],
              "Basic Metabolic Panel", "2026-11-16T06:30:00-05:00", shape,
              components=[{"code": cc(coding(LOINC, "2951-2", "Sodium [Moles/volume] in Serum or Plasma")),
                           **qty(139, "mmol/L")},
                          {"code": cc(coding(LOINC, "2160-0", "Creatinine [Mass/volume] in Serum or Plasma")),
                           **qty(1.52, "mg/dL")},
                          {"code": cc(coding(CERNER_CS72, "2700077", "eGFR"),
                                      coding(LOINC, "62238-1", "Glomerular filtration rate/1.73 sq M.predicted "
                                                               "[Volume Rate/Area] in Serum, Plasma or Blood by "
                                                               "Creatinine-based formula (CKD-EPI)")),
                           **qty(45, "mL/min/1.73 m2", "mL/min/{1.73_m2}")}])
    observations = [tumor_size(p, pid, shape, 2.9, "cm", focus=focus)] + \
        tnm(p, pid, "2026-11-03T10:00:00-05:00", shape, focus, CT1A, CN0, CM0) + [bmp, resection_worsens(p, pid)]
    sr = service_request(p + "-order", pid, [coding(CERNER_CS200, "2757623921", "IR Renal Cryoablation"),
                                             CPT_50593], "IR Renal Cryoablation", "2026-11-20T10:00:00-05:00",
                         "2026-12-22T08:00:00-05:00", reason=[focus], body_site=RIGHT_KIDNEY)
    asc = organization(p + "-asc", "Pioneer Valley Surgery Center LLC",
                       [cc(coding(NUCC, "261QA1903X", "Ambulatory Surgical"), coding(ORGTYPE, "prov",
                                                                                       "Healthcare Provider"))],
                       npi="1457300221")
    bcbs = bcbs_coverage(p, pid, shape, plan=("PPOBLUE", "Blue Care Elect PPO"))
    dental = coverage(p + "-coverage-dental", pid, "DDMA", "Delta Dental PPO", "2026-01-01", "2026-12-31", shape,
                      type_code="DENTPRG", type_display="dental program", payor_display="Delta Dental of "
                                                                                        "Massachusetts",
                      payor_id=p + "-delta", subscriber="DD7710022")
    dispatch(p, "bw08-cerner-dispatch-absolute-performer-asc-egfr-in-panel", shape, pid, pat, [bcbs, dental],
             [rcc], observations, ["ServiceRequest/" + sr["id"]], [sr],
             "%s/Organization/%s" % (base, asc["id"]), asc,
             orders=[ans("ServiceRequest/bw08-order", "covered", "no-auth")],
             facts="Oracle Health shape; performer given as an absolute URL to an Organization typed NUCC "
                   "261QA1903X (ambulatory surgical); two Coverages (BCBS MA PPO + Delta Dental); C64.1 2.9 cm "
                   "cT1a cN0 cM0; eGFR 45 only as a component (62238-1, unit 'mL/min/1.73 m2') of a BMP panel "
                   "24321-2; resection-worsens attestation; two kidneys",
             why="%s kidney bullet 1: renal insufficiency (GFR 45 < 60) + resection likely to worsen function, "
                 "RCC <= 4 cm localized -> medically necessary. ASC performer = outpatient -> no PA. The dental "
                 "Coverage is another payer's and is ignored." % P260)

    # ---------------------------------------------------------------- bw09
    p, shape = "bw09", "epic"
    pid = p + "-eKd9Lm2"
    pat = patient(pid, "Brennan", "Thomas", "male", "1946-04-27", "E4410655", shape)
    nsclc = condition(p + "-nsclc", pid, [coding(EPIC_DX, "1065220", "Squamous cell carcinoma of left lower lobe "
                                                                     "of lung"),
                                          coding(ICD10, "C34.32", "Malignant neoplasm of lower lobe, left bronchus or "
                                                                  "lung"),
                                          coding(SCT, "254637007", "Non-small cell lung cancer (disorder)")],
                      "Squamous cell carcinoma of left lower lobe (HCC)", "2026-09-29", shape, body_site=LEFT_LUNG)
    focus = ref("Condition", nsclc["id"])
    observations = tnm(p, pid, "2026-10-15T14:00:00-04:00", shape, focus, CT2A, CN0, CM0, group=("1B", "Stage IB")) \
        + [not_candidate(p, pid)]
    sr = service_request(p + "-order", pid, [coding(EPIC_PROC, "IMG7731", "IR CRYOABLATION LUNG PERCUTANEOUS"),
                                             CPT_32994], "IR cryoablation, left lower lobe",
                         "2026-11-18T09:30:00-05:00", "2026-12-23T08:00:00-05:00", reason=[focus],
                         body_site=LEFT_LUNG)
    hosp = organization(p + "-hospital", "Springfield General Hospital",
                        [cc(coding(NUCC, "282N00000X", "General Acute Care Hospital"),
                            coding(ORGTYPE, "prov", "Healthcare Provider"))], npi="1881700333")
    role = practitioner_role(p + "-role", p + "-ir", org=ref("Organization", hosp["id"]),
                             specialty=cc(coding(NUCC, "2085R0204X", "Vascular & Interventional Radiology")))
    dispatch(p, "bw09-epic-dispatch-hospital-role-setting-unknown", shape, pid, pat,
             [bcbs_coverage(p, pid, shape, plan=("MAPPO", "Medicare PPO Blue"))], [nsclc], observations,
             ["ServiceRequest/" + sr["id"]], [sr], "PractitionerRole/" + role["id"], role, includes=[hosp],
             orders=[ans("ServiceRequest/bw09-order", "covered", "conditional", ["location"])],
             facts="Epic shape; C34.32 squamous NSCLC, cT2a cN0 cM0 stage IB; not-surgical-candidate attestation; "
                   "performer PractitionerRole whose only setting clue is its Organization, a general acute care "
                   "hospital (NUCC 282N00000X), no Location",
             why="%s lung bullet 1 (early-stage NSCLC, poor surgical candidate) -> covered. A hospital performs "
                 "both inpatient and outpatient cryoablation, so the policy's PA split cannot be applied -> "
                 "pa-needed conditional with info-needed location (CRD)." % P260)

    # ---------------------------------------------------------------- bw10
    p, shape = "bw10", "hapi"
    pid = p + "-patient"
    base = BASES[shape]
    pat = patient(pid, "Abernathy", "Lois", "female", "1941-11-11", "H-558777", shape)
    rcc = rcc_condition(p, pid, shape, "left")
    focus = ref("Condition", rcc["id"])
    observations = [tumor_size(p, pid, shape, 3.3, "cm", focus=focus)] + \
        tnm(p, pid, "2026-11-05T10:00:00-05:00", shape, focus, CT1A, CN0, CM0) + [not_candidate(p, pid)]
    sr = service_request(p + "-order", pid, [CPT_50593], "Percutaneous cryoablation of left renal mass",
                         "2026-11-21T10:00:00-05:00", "2026-12-28T08:00:00-05:00", reason=[focus],
                         body_site=LEFT_KIDNEY)
    ir = practitioner(p + "-ir", "Ostrowski", "Adam", "1215900442")
    loc = location(p + "-ir-outpatient", "Mercy Example Hospital - Outpatient IR",
                   [cc(coding(POS, "22", "On Campus-Outpatient Hospital"))])
    t = task(p + "-task", pid, {"reference": "%s/ServiceRequest/%s" % (base, sr["id"])}, "requested",
             owner=ref("Practitioner", ir["id"]), loc=ref("Location", loc["id"]),
             requester=ref("Practitioner", p + "-urologist"),
             restriction={"period": {"start": "2026-12-28", "end": "2027-01-08"}})
    dispatch(p, "bw10-hapi-dispatch-practitioner-task-location-outpatient", shape, pid, pat,
             [bcbs_coverage(p, pid, shape, plan=("MAHMO", "Medicare HMO Blue"), type_code="HMO",
                            type_display="health maintenance organization policy")], [rcc], observations,
             ["ServiceRequest/" + sr["id"]], [sr], "Practitioner/" + ir["id"], ir, includes=[loc], tasks=[t],
             orders=[ans("ServiceRequest/bw10-order", "covered", "no-auth")],
             facts="HAPI shape; performer is a bare Practitioner (no setting); fulfillmentTasks[0] (status "
                   "requested, focus = absolute ServiceRequest URL) has Task.location = POS 22 on-campus outpatient; "
                   "C64.2 3.3 cm cT1a cN0 cM0, not-surgical-candidate",
             why="%s kidney bullet 2 -> covered. The fulfillment Task says where the order is to be done "
                 "(hook library: the Task 'provides a full description of the fulfillment request'): POS 22 = "
                 "outpatient -> no PA." % P260)

    # ---------------------------------------------------------------- bw11
    p, shape = "bw11", "epic"
    pid = p + "-eZc5Vb8"
    pat = patient(pid, "Kowalczyk", "Irene", "female", "1953-05-30", "E4410800", shape)
    rcc = rcc_condition(p, pid, shape, "right")
    focus = ref("Condition", rcc["id"])
    observations = [tumor_size(p, pid, shape, 31, "mm", focus=focus)] + \
        tnm(p, pid, "2026-11-04T10:00:00-05:00", shape, focus, CT1A, CN0, CM0) + [not_candidate(p, pid)]
    sr = service_request(p + "-order", pid, [CPT_50593], "IR cryoablation, right renal mass",
                         "2026-11-19T10:00:00-05:00", "2026-12-29T08:00:00-05:00", reason=[focus],
                         body_site=RIGHT_KIDNEY)
    asc = organization(p + "-asc", "Pioneer Valley Surgery Center LLC",
                       [cc(coding(NUCC, "261QA1903X", "Ambulatory Surgical"))], npi="1457300221")
    hosp = organization(p + "-hospital", "Springfield General Hospital",
                        [cc(coding(NUCC, "282N00000X", "General Acute Care Hospital"))])
    inpt = location(p + "-inpatient", "SPRINGFIELD GEN HOSP 6 WEST", [cc(coding(POS, "21", "Inpatient Hospital"))],
                    managing=ref("Organization", hosp["id"]))
    t = task(p + "-task-hospital", pid, ref("ServiceRequest", sr["id"]), "cancelled",
             owner=ref("Organization", hosp["id"]), loc=ref("Location", inpt["id"]),
             status_reason=cc(text="Hospital declined (no inpatient bed needed); redirected to ASC"),
             authored="2026-11-26T09:00:00-05:00")
    dispatch(p, "bw11-epic-dispatch-asc-with-cancelled-inpatient-task", shape, pid, pat,
             [bcbs_coverage(p, pid, shape, plan=("HMOBLUE", "HMO Blue"), type_code="HMO",
                            type_display="health maintenance organization policy")], [rcc], observations,
             ["ServiceRequest/" + sr["id"]], [sr], "Organization/" + asc["id"], asc, includes=[hosp, inpt],
             tasks=[t], orders=[ans("ServiceRequest/bw11-order", "covered", "no-auth")],
             facts="Epic shape; performer Organization = ASC (NUCC 261QA1903X); the only fulfillmentTask is "
                   "*cancelled* (owner the hospital, Task.location POS 21 inpatient); C64.1 31 mm cT1a cN0 cM0, "
                   "not-surgical-candidate",
             why="%s kidney bullet 2 -> covered. A cancelled Task is no longer a fulfillment request, so its "
                 "inpatient Location must not decide the setting; the performer being asked now is an ASC -> "
                 "outpatient -> no PA." % P260)

    # ---------------------------------------------------------------- bw12
    p, shape = "bw12", "cerner"
    pid = p + "-12770045"
    base = BASES[shape]
    pat = patient(pid, "Delacroix", "Simone", "female", "1950-08-09", "CR0095531", shape)
    rcc = rcc_condition(p, pid, shape, "right")
    fibro = condition(p + "-fibroadenoma", pid, [coding(ICD10, "D24.1", "Benign neoplasm of right breast"),
                                                 coding(SCT, "254845004", "Fibroadenoma of breast (disorder)")],
                      "Fibroadenoma, right breast", "2026-08-12", shape)
    focus = ref("Condition", rcc["id"])
    observations = [tumor_size(p, pid, shape, 18, "mm", focus=focus)] + \
        tnm(p, pid, "2026-11-06T10:00:00-05:00", shape, focus, CT1A, CN0, CM0, group=("1", "Stage I")) + \
        [not_candidate(p, pid)]
    sr = service_request(p + "-order", pid, [coding(CERNER_CS200, "2757623921", "IR Renal Cryoablation"),
                                             CPT_50593], "IR Renal Cryoablation", "2026-11-20T10:00:00-05:00",
                         "2026-12-30T08:00:00-05:00", reason=[focus], body_site=RIGHT_KIDNEY)
    guid = service_request(p + "-guidance", pid, [coding(CERNER_CS200, "2757623950", "CT Guidance Ablation"),
                                                  CPT_77013], "CT guidance for renal cryoablation",
                           "2026-11-20T10:00:00-05:00", "2026-12-30T08:00:00-05:00", reason=[focus],
                           body_site=RIGHT_KIDNEY)
    fibro_sr = service_request(p + "-fibroadenoma-order", pid,
                               [coding(CPT, "19105", "Ablation, cryosurgical, of fibroadenoma, including ultrasound "
                                                     "guidance, each fibroadenoma")],
                               "Cryoablation of right breast fibroadenoma", "2026-11-02T10:00:00-05:00",
                               "2027-01-20T10:00:00-05:00", reason=[ref("Condition", fibro["id"])])
    ct = service_request(p + "-ct-chest", pid, [coding(CPT, "71250", "Computed tomography, thorax, diagnostic; "
                                                                     "without contrast material")],
                         "CT Chest without contrast", "2026-11-20T10:05:00-05:00", "2026-12-29T13:00:00-05:00")
    ct["category"] = [cc(coding(SCT, "363679005", "Imaging (procedure)"))]
    asc = organization(p + "-asc", "Pioneer Valley Surgery Center LLC",
                       [cc(coding(NUCC, "261QA1903X", "Ambulatory Surgical"))], npi="1457300221")
    oo = warning_outcome(p + "-oo", "Results for 1 encounter were restricted by the patient's privacy settings.")
    dispatch(p, "bw12-cerner-dispatch-two-orders-other-active-orders-paging", shape, pid, pat,
             [bcbs_coverage(p, pid, shape, plan=("PPOBLUE", "Blue Care Elect PPO"))], [rcc, fibro], observations,
             ["ServiceRequest/" + sr["id"], "ServiceRequest/" + guid["id"]], [sr, guid, fibro_sr, ct],
             "Organization/" + asc["id"], asc,
             orders_outcome=oo,
             orders_next="%s/ServiceRequest?patient=%s&status=active&-pageContext=b3f9a1c2&-pageDirection=NEXT"
                         % (base, pid),
             orders=[ans("ServiceRequest/bw12-order", "covered", "no-auth"),
                     ans("ServiceRequest/bw12-guidance", "covered", "no-auth")],
             not_answered=["ServiceRequest/bw12-fibroadenoma-order", "ServiceRequest/bw12-ct-chest"],
             facts="Oracle Health shape; dispatchedOrders = 50593 + 77013 CT guidance; the dispatchedOrders "
                   "prefetch (all active ServiceRequests) also holds a 19105 fibroadenoma order and a CT chest "
                   "that are *not* dispatched, an OperationOutcome warning entry and a `next` link; C64.1 18 mm "
                   "stage I, not-surgical-candidate; performer ASC",
             why="%s kidney bullet 2 -> covered; 77013 is in the policy's MN code list and goes with the "
                 "50593 -> same answer. ASC -> no PA. Only the dispatched orders are in scope of order-dispatch "
                 "(hook: 'the Request resource(s) for which fulfillment is sought'), so the 19105 (which would be "
                 "investigational) and the CT get no answer." % P260)

    # ---------------------------------------------------------------- bw13
    p, shape = "bw13", "synthea"
    pid = p + "-7c1e5d0a-4b1f-4c0e-9a55-1f2d3e4a5b6c"
    pat = patient(pid, "Schaden412", "Marcus38", "male", "1960-02-14", "d3c4e5f6-0a1b-4c2d-8e9f-123456789abc",
                  shape)
    mets = condition(p + "-bone-mets", pid, [coding(SCT, "94222008", "Secondary malignant neoplasm of bone "
                                                                     "(disorder)"),
                                             coding(ICD10, "C79.51", "Secondary malignant neoplasm of bone")],
                     "Secondary malignant neoplasm of bone (disorder)", "2026-09-14", shape)
    prostate = condition(p + "-prostate-ca", pid, [coding(SCT, "399068003", "Malignant tumor of prostate "
                                                                           "(disorder)")],
                         "Malignant tumor of prostate (disorder)", "2024-06-01", shape)
    sr = service_request(p + "-order", pid, [CPT_20983], "Cryoablation of painful left iliac bone metastasis",
                         "2026-11-22T10:00:00-05:00", "2026-12-21T08:00:00-05:00",
                         reason=[ref("Condition", mets["id"])])
    inpt = location(p + "-inpatient", "Example General Hospital Inpatient",
                    [cc(coding(ROLECODE, "HOSP", "Hospital")), cc(coding(POS, "21", "Inpatient Hospital"))])
    role = practitioner_role(p + "-role", p + "-ir", locations=[ref("Location", inpt["id"])])
    dispatch(p, "bw13-synthea-dispatch-bone-20983-inpatient", shape, pid, pat,
             [bcbs_coverage(p, pid, shape, plan=("MAPPO", "Medicare PPO Blue"))], [mets, prostate],
             [not_candidate(p, pid)], ["ServiceRequest/" + sr["id"]], [sr], "PractitionerRole/" + role["id"], role,
             includes=[inpt], orders=[ans("ServiceRequest/bw13-order", "not-covered")],
             facts="Synthea/HAPI shape (SNOMED first, Synthea-style names); C79.51 bone metastasis of prostate "
                   "cancer; 20983; performer PractitionerRole at an inpatient hospital Location (POS 21)",
             why="%s: 20983 is listed as investigational (bone tumours and metastases) -> not-covered; no "
                 "pa-needed even though inpatient (crd-ci-q2)." % P260)

    # ---------------------------------------------------------------- bw14
    p, shape = "bw14", "epic"
    pid = p + "-eYp7Ns3"
    pat = patient(pid, "Haddad", "Samir", "male", "1952-12-01", "E4410933", shape)
    panc = condition(p + "-pancreas-ca", pid, [coding(EPIC_DX, "1088013", "Adenocarcinoma of head of pancreas"),
                                               coding(ICD10, "C25.0", "Malignant neoplasm of head of pancreas"),
                                               coding(SCT, "363418001", "Malignant tumor of pancreas (disorder)")],
                     "Adenocarcinoma of head of pancreas (HCC)", "2026-09-03", shape)
    sr = service_request(p + "-order", pid, [coding(EPIC_PROC, "IMG7760", "IR CRYOABLATION PANCREAS"), CPT_48999],
                         "CT-guided percutaneous cryoablation of pancreatic head mass", "2026-11-23T10:00:00-05:00",
                         "2026-12-22T08:00:00-05:00", reason=[ref("Condition", panc["id"])],
                         body_site=cc(coding(SCT, "64163001", "Structure of head of pancreas")))
    loc = location(p + "-ir-outpatient", "SPRINGFIELD GEN HOSP IR OUTPATIENT SUITE",
                   [cc(coding(POS, "22", "On Campus-Outpatient Hospital"))])
    role = practitioner_role(p + "-role", p + "-ir", locations=[ref("Location", loc["id"])])
    dispatch(p, "bw14-epic-dispatch-pancreas-unlisted-code-cryoablation", shape, pid, pat,
             [bcbs_coverage(p, pid, shape, plan=("PPOBLUE", "Blue Care Elect PPO"))], [panc],
             [not_candidate(p, pid)], ["ServiceRequest/" + sr["id"]], [sr], "PractitionerRole/" + role["id"], role,
             includes=[loc], orders=[ans("ServiceRequest/bw14-order", "not-covered")],
             facts="Epic shape; C25.0 pancreatic adenocarcinoma; order coded Epic local 'IR CRYOABLATION PANCREAS' "
                   "+ CPT 48999 (unlisted, pancreas) with text 'percutaneous cryoablation'; outpatient hospital",
             why="%s: 'Cryosurgical ablation is considered INVESTIGATIONAL as a treatment for ... tumors of the "
                 "... pancreas'. The policy lists no pancreas CPT (there is none), so a pancreatic cryoablation "
                 "reaches the payer as 48999 + the EHR's own procedure code/text -> not-covered. OPEN: the team may "
                 "treat 48999 as out of scope (no answer)." % P260)


    # ---------------------------------------------------------------- bw23
    p, shape = "bw23", "hapi"
    pid = p + "-patient"
    pat = patient(pid, "Castellano", "Rosa", "female", "1947-02-26", "H-559031", shape)
    nsclc = condition(p + "-nsclc", pid, [coding(ICD10, "C34.12", "Malignant neoplasm of upper lobe, left bronchus or "
                                                                  "lung"),
                                          coding(SCT, "254637007", "Non-small cell lung cancer (disorder)")],
                      "Adenocarcinoma left upper lobe", "2026-10-12", shape, body_site=LEFT_LUNG)
    focus = ref("Condition", nsclc["id"])
    observations = tnm(p, pid, "2026-10-28T10:00:00-04:00", shape, focus, ("1228899006", "cT1c"), CN0, CM0,
                       group=("1A3", "Stage IA3")) + [not_candidate(p, pid)]
    asc_loc = location(p + "-asc", "Pioneer Valley Surgery Center", [cc(coding(POS, "24", "Ambulatory Surgical Center"))])
    sr = service_request(p + "-order", pid, [CPT_32994], "Percutaneous cryoablation left upper lobe nodule",
                         "2026-11-24T10:00:00-05:00", "2026-12-30T08:00:00-05:00", reason=[focus],
                         body_site=LEFT_LUNG, location=[ref("Location", asc_loc["id"])])
    org = {"resourceType": "Organization", "id": p + "-ir-group", "active": True,
           "name": "Valley Interventional Radiology Associates"}
    dispatch(p, "bw23-hapi-dispatch-untyped-org-order-location-asc", shape, pid, pat,
             [bcbs_coverage(p, pid, shape, plan=("MAPPO", "Medicare PPO Blue"))], [nsclc], observations,
             ["ServiceRequest/" + sr["id"]], [sr], "Organization/" + org["id"], org, includes=[asc_loc],
             orders=[ans("ServiceRequest/bw23-order", "covered", "no-auth")],
             facts="HAPI shape; performer is an Organization with no type (a radiology group); the order's own "
                   "locationReference is an ASC Location (POS 24); C34.12 NSCLC cT1c cN0 cM0 stage IA3; "
                   "not-surgical-candidate",
             why="%s lung bullet 1 -> covered. The performer says nothing about the setting but the order names "
                 "where it is to be done (ServiceRequest.locationReference, POS 24) -> outpatient -> no PA." % P260)


# ====================================================================== encounter-start
def encounter_start_scenarios():
    # ---------------------------------------------------------------- bw15
    p, shape = "bw15", "epic"
    pid = p + "-eRb1Gh6"
    pat = patient(pid, "Sullivan", "Patrick", "male", "1948-01-22", "E4411022", shape)
    rcc = rcc_condition(p, pid, shape, "right",
                        extra_codings=[coding(EPIC_DX, "1063389", "Renal cell carcinoma of right kidney")])
    agenesis = condition(p + "-agenesis", pid, [coding(ICD10, "Q60.0", "Renal agenesis, unilateral"),
                                                coding(SCT, "204942005", "Congenital absence of left kidney")],
                         "Congenital absence of left kidney", "1948-01-22", shape, body_site=LEFT_KIDNEY)
    focus = ref("Condition", rcc["id"])
    observations = [tumor_size(p, pid, shape, 38, "mm", focus=focus)] + \
        tnm(p, pid, "2026-11-09T10:00:00-05:00", shape, focus, CT1A, CN0, CM0, group=("1", "Stage I")) + \
        [egfr(p, pid, shape, "98979-8", 71, "mL/min/1.73m2", "mL/min/{1.73_m2}", "2026-11-30T06:00:00-05:00"),
         resection_worsens(p, pid)]
    ward = location(p + "-ward", "SPRINGFIELD GEN HOSP 5 NORTH SURGICAL",
                    [cc(coding(ROLECODE, "HOSP", "Hospital")), cc(coding(POS, "21", "Inpatient Hospital"))])
    enc = encounter(p + "-admission", pid, klass("IMP"), "planned", "2026-12-09T06:00:00-05:00", shape,
                    etype=[cc(coding("urn:oid:1.2.840.114350.1.13.0.1.7.10.698084.30", "3", "Hospital Encounter"),
                              text="Hospital Encounter")],
                    reason_code=[cc(coding(ICD10, "C64.1", "Malignant neoplasm of right kidney, except renal "
                                                          "pelvis"), text="Right renal mass - open cryoablation")],
                    locations=[{"location": ref("Location", ward["id"]), "status": "planned"}],
                    hospitalization={"admitSource": cc(coding("http://terminology.hl7.org/CodeSystem/admit-source",
                                                              "hosp-trans", "Transferred from other hospital"),
                                                       text="Elective")})
    enc["hospitalization"]["admitSource"] = cc(text="Elective surgical admission")
    sr = service_request(p + "-order", pid, [coding(EPIC_PROC, "SUR4410", "CRYOABLATION KIDNEY OPEN"), CPT_50250],
                         "Open cryoablation, right renal mass", "2026-11-30T13:00:00-05:00",
                         "2026-12-09T08:00:00-05:00", reason=[focus], body_site=RIGHT_KIDNEY,
                         encounter=ref("Encounter", enc["id"]))
    enc_start(p, "bw15-epic-planned-inpatient-admission-open-cryo-solitary-kidney", shape, pid, pat,
              [bcbs_coverage(p, pid, shape, plan=("MAPPO", "Medicare PPO Blue"))], [rcc, agenesis], observations,
              enc, [sr], includes=[ward],
              orders=[ans("Encounter/bw15-admission", "covered", "auth-needed")],
              facts="Epic shape; planned IMP admission (status planned) for open cryoablation 50250 (order linked "
                    "to the encounter); C64.1 38 mm stage I cT1a cN0 cM0; congenital absence of left kidney (Q60.0); "
                    "eGFR 71; resection-worsens attestation",
              why="%s kidney bullet 1: 1 kidney + resection likely to worsen function, RCC 3.8 cm localized -> "
                  "medically necessary. Inpatient admission -> precertification required (auth-needed). CRD: "
                  "encounter-start is secondary, so no doc-needed." % P260)

    # ---------------------------------------------------------------- bw16
    p, shape = "bw16", "cerner"
    pid = p + "-12780199"
    pat = patient(pid, "Whitcombe", "Evelyn", "female", "1943-07-04", "CR0096640", shape)
    nsclc = condition(p + "-nsclc", pid, [coding(CERNER_NOMEN, "5310488", "Adenocarcinoma of right lower lobe"),
                                          coding(ICD10, "C34.31", "Malignant neoplasm of lower lobe, right bronchus or "
                                                                  "lung"),
                                          coding(SCT, "254637007", "Non-small cell lung cancer (disorder)")],
                      "Adenocarcinoma of right lower lobe", "2026-10-06", shape, body_site=RIGHT_LUNG)
    focus = ref("Condition", nsclc["id"])
    observations = tnm(p, pid, "2026-10-22T10:00:00-04:00", shape, focus, CT1A, CN0, CM0, group=("1A1", "Stage IA1")) \
        + [not_candidate(p, pid)]
    planned = procedure(p + "-planned-cryo", pid, [coding(CERNER_CS200, "2757700001", "CT Guided Lung Cryoablation"),
                                                   CPT_32994], "CT guided cryoablation right lower lobe",
                        "preparation", body_site=RIGHT_LUNG, encounter=ref("Encounter", p + "-encounter"))
    enc = encounter(p + "-encounter", pid, klass("IMP"), "in-progress", "2026-12-04T06:30:00-05:00", shape,
                    etype=[cc(coding(CERNER_CS71, "309308", "Inpatient"), text="Inpatient")],
                    reason_ref=[ref("Procedure", planned["id"])],
                    reason_code=[cc(text="Lung nodule ablation, admit for post-procedure pneumothorax monitoring")])
    enc_start(p, "bw16-cerner-inpatient-admission-reason-is-planned-procedure", shape, pid, pat,
              [bcbs_coverage(p, pid, shape, plan=("MAHMO", "Medicare HMO Blue"), type_code="HMO",
                             type_display="health maintenance organization policy")], [nsclc], observations,
              enc, [], procedures=[planned],
              orders=[ans("Encounter/bw16-encounter", "covered", "auth-needed")],
              facts="Oracle Health shape; IMP encounter in-progress whose reasonReference is a Procedure in status "
                    "'preparation' coded CPT 32994 (no ServiceRequest on the encounter); C34.31 adenocarcinoma cT1a "
                    "cN0 cM0 stage IA1; not-surgical-candidate attestation",
              why="%s lung bullet 1 -> medically necessary; the admission is for the cryoablation (its reason) and "
                  "is inpatient -> precertification required (auth-needed)." % P260)

    # ---------------------------------------------------------------- bw17
    p, shape = "bw17", "epic"
    pid = p + "-eFv6Jt4"
    pat = patient(pid, "Ferreira", "Ana", "female", "1956-03-19", "E4411155", shape)
    rcc = rcc_condition(p, pid, shape, "left")
    focus = ref("Condition", rcc["id"])
    observations = [tumor_size(p, pid, shape, 2.4, "cm", focus=focus)] + \
        tnm(p, pid, "2026-11-10T10:00:00-05:00", shape, focus, CT1A, CN0, CM0) + [not_candidate(p, pid)]
    sds = location(p + "-sds", "SPRINGFIELD GEN HOSP SAME DAY SURGERY",
                   [cc(coding(POS, "22", "On Campus-Outpatient Hospital"))])
    enc = encounter(p + "-encounter", pid, klass("SS"), "arrived", "2026-12-04T06:15:00-05:00", shape,
                    etype=[cc(coding("urn:oid:1.2.840.114350.1.13.0.1.7.10.698084.30", "51", "Surgery"),
                              text="Same Day Surgery")],
                    locations=[{"location": ref("Location", sds["id"]), "status": "active"}])
    sr = service_request(p + "-order", pid, [CPT_50593], "IR cryoablation, left renal mass",
                         "2026-11-17T10:00:00-05:00", "2026-12-04T08:00:00-05:00", reason=[focus],
                         body_site=LEFT_KIDNEY, encounter=ref("Encounter", enc["id"]))
    enc_start(p, "bw17-epic-same-day-surgery-short-stay-outpatient", shape, pid, pat,
              [bcbs_coverage(p, pid, shape, plan=("HMOBLUE", "HMO Blue"), type_code="HMO",
                             type_display="health maintenance organization policy")], [rcc], observations,
              enc, [sr], includes=[sds],
              orders=[ans("Encounter/bw17-encounter", "covered", "no-auth")],
              facts="Epic shape; Encounter class SS (short stay), status arrived, type 'Same Day Surgery', Location "
                    "POS 22; 50593 on the encounter; C64.2 2.4 cm cT1a cN0 cM0, not-surgical-candidate",
              why="%s kidney bullet 2 -> covered. Same-day surgery in an on-campus outpatient department is "
                  "outpatient, not an inpatient admission -> no PA." % P260)

    # ---------------------------------------------------------------- bw18
    p, shape = "bw18", "cerner"
    pid = p + "-12790310"
    pat = patient(pid, "Quintero", "Luis", "male", "1947-09-09", "CR0097702", shape)
    rcc = rcc_condition(p, pid, shape, "right")
    focus = ref("Condition", rcc["id"])
    observations = [tumor_size(p, pid, shape, 27, "mm", focus=focus)] + \
        tnm(p, pid, "2026-11-10T10:00:00-05:00", shape, focus, CT1A, CN0, CM0) + [not_candidate(p, pid)]
    enc = encounter(p + "-encounter", pid, klass("IMP"), "cancelled", "2026-12-07T06:00:00-05:00", shape,
                    etype=[cc(coding(CERNER_CS71, "309308", "Inpatient"), text="Inpatient")],
                    reason_code=[cc(text="Open renal cryoablation")])
    sr = service_request(p + "-order", pid, [CPT_50250], "Open cryoablation right renal mass",
                         "2026-11-20T10:00:00-05:00", "2026-12-07T08:00:00-05:00", reason=[focus],
                         body_site=RIGHT_KIDNEY, encounter=ref("Encounter", enc["id"]))
    enc_start(p, "bw18-cerner-cancelled-inpatient-encounter", shape, pid, pat,
              [bcbs_coverage(p, pid, shape, plan=("PPOBLUE", "Blue Care Elect PPO"))], [rcc], observations,
              enc, [sr], orders=[],
              not_answered=["Encounter/bw18-encounter", "ServiceRequest/bw18-order"],
              facts="Oracle Health shape; IMP encounter with status **cancelled** (open cryoablation 50250 on it); "
                    "clinically a covered RCC",
              why="encounter-start is for an Encounter being started: 'planned | arrived | triaged | in-progress' "
                  "(hook library). A cancelled encounter is not starting, and CRD lets clients skip system actions "
                  "on cancelled records -> no coverage-information.")

    # ---------------------------------------------------------------- bw19
    p, shape = "bw19", "epic"
    pid = p + "-eJx3Pd9"
    pat = patient(pid, "Thibodeau", "Gerard", "male", "1950-10-10", "E4411299", shape)
    rcc = rcc_condition(p, pid, shape, "right")
    focus = ref("Condition", rcc["id"])
    observations = [tumor_size(p, pid, shape, 2.2, "cm", focus=focus)] + \
        tnm(p, pid, "2026-11-10T10:00:00-05:00", shape, focus, CT1A, CN0, CM0) + [not_candidate(p, pid)]
    enc = encounter(p + "-encounter", pid, klass("AMB"), "in-progress", "2026-12-04T13:00:00-05:00", shape,
                    etype=[cc(coding("urn:oid:1.2.840.114350.1.13.0.1.7.10.698084.30", "101", "Office Visit"),
                              text="Office Visit")],
                    reason_code=[cc(coding(ICD10, "C64.1", "Malignant neoplasm of right kidney, except renal "
                                                          "pelvis"), text="Follow-up renal mass, discuss options")])
    enc_start(p, "bw19-epic-oncology-office-visit-no-cryo-order", shape, pid, pat,
              [bcbs_coverage(p, pid, shape, plan=("PPOBLUE", "Blue Care Elect PPO"))], [rcc], observations,
              enc, [], orders=[], not_answered=["Encounter/bw19-encounter"],
              facts="Epic shape; AMB office visit in-progress with reason C64.1; no ServiceRequest or planned "
                    "Procedure on this encounter (encounterOrders empty)",
              why="Nothing in this encounter is a cryoablation (CPT 32994/50250/50542/50593/0581T/19105/20983 or "
                  "guidance): a visit *about* a renal mass is not a %s service -> no coverage-information." % P260)

    # ---------------------------------------------------------------- bw20
    p, shape = "bw20", "synthea"
    pid = p + "-0a9b8c7d-6e5f-4a3b-9c2d-1e0f2a3b4c5d"
    pat = patient(pid, "Runolfsdottir785", "Greta40", "female", "1958-05-05",
                  "a1b2c3d4-e5f6-4a1b-8c2d-3e4f5a6b7c8d", shape)
    mets = condition(p + "-bone-mets", pid, [coding(SCT, "94222008", "Secondary malignant neoplasm of bone "
                                                                     "(disorder)")],
                     "Secondary malignant neoplasm of bone (disorder)", "2026-08-20", shape)
    brca_hx = condition(p + "-breast-ca", pid, [coding(SCT, "254837009", "Malignant neoplasm of breast (disorder)")],
                        "Malignant neoplasm of breast (disorder)", "2021-03-02", shape)
    enc = encounter(p + "-encounter", pid, klass("IMP"), "in-progress", "2026-12-04T07:00:00-05:00", shape,
                    etype=[cc(coding(SCT, "32485007", "Hospital admission (procedure)"))],
                    reason_code=[cc(coding(SCT, "94222008", "Secondary malignant neoplasm of bone (disorder)"))],
                    service_provider=ref("Organization", p + "-hospital", display="EXAMPLE GENERAL HOSPITAL"))
    sr = service_request(p + "-order", pid, [CPT_20983], "Cryoablation of T10 vertebral metastasis",
                         "2026-12-01T10:00:00-05:00", "2026-12-04T10:00:00-05:00",
                         reason=[ref("Condition", mets["id"])], encounter=ref("Encounter", enc["id"]))
    enc_start(p, "bw20-synthea-inpatient-bone-20983", shape, pid, pat,
              [bcbs_coverage(p, pid, shape, plan=("MAPPO", "Medicare PPO Blue"))], [mets, brca_hx],
              [not_candidate(p, pid)], enc, [sr],
              orders=[ans("Encounter/bw20-encounter", "not-covered")],
              facts="Synthea shape (SNOMED only, no ICD-10-CM); inpatient admission in-progress for 20983 "
                    "cryoablation of a vertebral metastasis (breast primary)",
              why="%s: 20983 / bone metastases are investigational -> not-covered, no pa-needed although "
                  "inpatient (crd-ci-q2)." % P260)

    # ---------------------------------------------------------------- bw21
    p, shape = "bw21", "synthea"
    pid = p + "-5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b"
    pat = patient(pid, "Koepp521", "Walter883", "male", "1945-12-12", "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e", shape)
    nsclc = condition(p + "-nsclc", pid, [coding(SCT, "254637007", "Non-small cell lung cancer (disorder)")],
                      "Non-small cell lung cancer (disorder)", "2026-07-19", shape)
    stage3 = condition(p + "-nsclc-stage", pid, [coding(SCT, "422968005", "Non-small cell carcinoma of lung, TNM "
                                                                          "stage 3 (disorder)")],
                       "Non-small cell carcinoma of lung, TNM stage 3 (disorder)", "2026-07-19", shape)
    enc = encounter(p + "-encounter", pid, klass("AMB"), "planned", "2026-12-11T08:00:00-05:00", shape,
                    etype=[cc(coding(SCT, "185347001", "Encounter for problem (procedure)"))],
                    reason_code=[cc(coding(SCT, "254637007", "Non-small cell lung cancer (disorder)"))])
    sr = service_request(p + "-order", pid, [CPT_32994], "Percutaneous cryoablation of lung tumor",
                         "2026-11-27T10:00:00-05:00", "2026-12-11T08:30:00-05:00",
                         reason=[ref("Condition", nsclc["id"])], encounter=ref("Encounter", enc["id"]))
    enc_start(p, "bw21-synthea-ambulatory-lung-nsclc-stage-3", shape, pid, pat,
              [bcbs_coverage(p, pid, shape, plan=("HMOBLUE", "HMO Blue"), type_code="HMO",
                             type_display="health maintenance organization policy")], [nsclc, stage3],
              [not_candidate(p, pid)], enc, [sr],
              orders=[ans("Encounter/bw21-encounter", "not-covered")],
              facts="Synthea shape; NSCLC 254637007 + 'Non-small cell carcinoma of lung, TNM stage 3' 422968005 "
                    "(Synthea puts the stage in a second Condition's code); not-surgical-candidate; planned AMB "
                    "encounter with 32994",
              why="%s: stage 3 is not early-stage NSCLC and there is no airway obstruction -> 'lung (other than "
                  "defined above)' -> investigational -> not-covered." % P260)

    # ---------------------------------------------------------------- bw22
    p, shape = "bw22", "synthea"
    pid = p + "-9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f"
    pat = patient(pid, "Hermiston71", "Dolores22", "female", "1952-04-18", "c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f",
                  shape)
    rcc = condition(p + "-rcc", pid, [coding(SCT, "702391001", "Primary renal cell carcinoma (disorder)")],
                    "Primary renal cell carcinoma (disorder)", "2026-10-01", shape, body_site=RIGHT_KIDNEY)
    focus = ref("Condition", rcc["id"])
    observations = [tumor_size(p, pid, shape, 2.5, "cm", focus=focus)] + \
        tnm(p, pid, "2026-10-15T10:00:00-04:00", shape, focus, CT1A, CN0, CM0) + \
        [egfr(p, pid, shape, "33914-3", 72.4, "mL/min/{1.73_m2}", "mL/min/{1.73_m2}", "2026-11-25T09:00:00-05:00")]
    enc = encounter(p + "-encounter", pid, klass("IMP"), "planned", "2026-12-14T06:00:00-05:00", shape,
                    etype=[cc(coding(SCT, "32485007", "Hospital admission (procedure)"))],
                    reason_code=[cc(coding(SCT, "702391001", "Primary renal cell carcinoma (disorder)"))])
    sr = service_request(p + "-order", pid, [CPT_50250], "Open cryoablation of renal mass",
                         "2026-12-01T10:00:00-05:00", "2026-12-14T08:00:00-05:00", reason=[focus],
                         body_site=RIGHT_KIDNEY, encounter=ref("Encounter", enc["id"]))
    enc_start(p, "bw22-synthea-planned-admission-rcc-candidacy-unknown", shape, pid, pat,
              [bcbs_coverage(p, pid, shape, plan=("PPOBLUE", "Blue Care Elect PPO"))], [rcc], observations,
              enc, [sr],
              orders=[ans("Encounter/bw22-encounter", "conditional", "auth-needed")],
              facts="Synthea shape; SNOMED RCC only; 2.5 cm cT1a cN0 cM0; eGFR 72.4 (33914-3 MDRD); two kidneys; "
                    "no candidacy statement; planned IMP admission for open cryoablation 50250",
              why="%s kidney: no kidney-preservation need (eGFR >= 60, two kidneys), so coverage turns on whether "
                  "the patient is a surgical candidate (covered if not, investigational if so), which is not "
                  "documented -> conditional. Inpatient -> precertification required (auth-needed). Secondary "
                  "hook -> no doc-needed (CRD)." % P260)


    # ---------------------------------------------------------------- bw24
    p, shape = "bw24", "epic"
    pid = p + "-eQw8Zx2"
    pat = patient(pid, "Lindgren", "Oskar", "male", "1942-08-15", "E4411420", shape)
    rcc = rcc_condition(p, pid, shape, "left")
    focus = ref("Condition", rcc["id"])
    observations = [tumor_size(p, pid, shape, 3.9, "cm", focus=focus)] + \
        tnm(p, pid, "2026-11-12T10:00:00-05:00", shape, focus, CT1A, CN0, CM0) + [not_candidate(p, pid)]
    icu = location(p + "-sicu", "SPRINGFIELD GEN HOSP SURGICAL ICU", [cc(coding(ROLECODE, "ICU", "Intensive care unit"))])
    enc = encounter(p + "-encounter", pid, klass("ACUTE"), "in-progress", "2026-12-04T05:30:00-05:00", shape,
                    etype=[cc(coding("urn:oid:1.2.840.114350.1.13.0.1.7.10.698084.30", "3", "Hospital Encounter"),
                              text="Hospital Encounter")],
                    locations=[{"location": ref("Location", icu["id"]), "status": "active"}],
                    reason_code=[cc(coding(ICD10, "C64.2", "Malignant neoplasm of left kidney, except renal pelvis"))])
    sr = service_request(p + "-order", pid, [CPT_50250], "Open cryoablation, left renal mass",
                         "2026-12-02T10:00:00-05:00", "2026-12-05T08:00:00-05:00", reason=[focus],
                         body_site=LEFT_KIDNEY, encounter=ref("Encounter", enc["id"]))
    enc_start(p, "bw24-epic-acute-inpatient-icu-open-cryo", shape, pid, pat,
              [bcbs_coverage(p, pid, shape, plan=("HMOBLUE", "HMO Blue"), type_code="HMO",
                             type_display="health maintenance organization policy")], [rcc], observations,
              enc, [sr], includes=[icu],
              orders=[ans("Encounter/bw24-encounter", "covered", "auth-needed")],
              facts="Epic shape; Encounter.class ACUTE (v3-ActCode 'inpatient acute', a kind of IMP), location "
                    "v3-RoleCode ICU only (no POS); 50250 on the encounter; C64.2 3.9 cm cT1a cN0 cM0, "
                    "not-surgical-candidate",
              why="%s kidney bullet 2, 3.9 cm <= 4 cm -> covered. ACUTE is an inpatient encounter class and ICU "
                  "an inpatient unit -> precertification required (auth-needed)." % P260)
