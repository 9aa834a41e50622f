namespace CryoCdsHooks.FhirAccess.Tests;

/// <summary>
/// A test against the in-memory FHIR server (<see cref="MedplumFhirServer"/>): skipped locally when its npm
/// packages or Node are missing, mandatory when <c>CI=true</c> (.ci/run installs them), where it fails instead.
/// </summary>
public sealed class FhirServerFactAttribute : FactAttribute
{
    public FhirServerFactAttribute()
    {
        if (!MedplumFhirServer.IsCi && MedplumFhirServer.MissingPrerequisite() is { } missing)
        {
            Skip = $"{missing}; these tests are mandatory when CI=true.";
        }
    }
}
