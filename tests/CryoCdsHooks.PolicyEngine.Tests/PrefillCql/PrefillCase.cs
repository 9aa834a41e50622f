using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>A patient to prefill: its record, the order the form is for, the evaluation date.</summary>
internal sealed record PrefillCase(string Key, PatientRecord Record, ServiceRequest Order, DateOnly EvaluationDate);
