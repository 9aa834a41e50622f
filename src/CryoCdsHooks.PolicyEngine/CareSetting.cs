using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine;

public enum CareSetting { Inpatient, Outpatient, Unknown }
