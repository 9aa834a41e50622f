namespace CryoCdsHooks.FhirAccess;

/// <summary>Why the data for one prefetch key is missing or incomplete. Messages hold no PHI and no token.</summary>
public sealed record DataProblem(string PrefetchKey, DataProblemKind Kind, string Message);
