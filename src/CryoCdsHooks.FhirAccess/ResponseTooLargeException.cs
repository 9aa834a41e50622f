namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// A FHIR server response went past a byte cap; the rest of it was not read. The message names the cap only.
/// </summary>
internal sealed class ResponseTooLargeException(string message) : Exception(message);
