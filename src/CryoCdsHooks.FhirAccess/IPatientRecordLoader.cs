namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// Gathers the patient's record for one hook call from prefetch and, for what is missing, the FHIR server.
/// </summary>
public interface IPatientRecordLoader
{
    /// <exception cref="InvalidPrefetchException">A prefetch value is not valid FHIR JSON (host: 400).</exception>
    /// <exception cref="PrefetchUnavailableException">Keys are absent and no FHIR server access was granted (host:
    /// 412).</exception>
    /// <exception cref="FhirServerNotAllowedException">Data must be fetched from a fhirServer not on the allowlist
    /// (host: 400).</exception>
    /// <exception cref="OperationCanceledException">
    /// The caller went away, or the <paramref name="deadline"/> passed while prefetch was being parsed.
    /// </exception>
    /// <remarks>
    /// FHIR server faults never throw; they become <see cref="DataProblem"/>s, and so do keys still being fetched
    /// when the deadline passes (<see cref="DataProblemKind.Timeout"/>).
    /// </remarks>
    Task<PatientRecordLoadResult> LoadAsync(HookDataRequest request, HookDeadline deadline);
}
