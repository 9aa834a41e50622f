namespace CryoCdsHooks.Web.Persistence;

/// <summary>
/// The CRD metric facts of one call that only the answering path knows (token use, resources read), as stored.
/// </summary>
public sealed record DataUseRecord(string TokenUse, string ResourcesJson);
