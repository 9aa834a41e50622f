using Hl7.Fhir.Introspection;
using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;

namespace CryoCdsHooks.FhirAccess;

/// <summary>
/// Firely's validation of primitive literals only (a date like <c>2026-13-45</c>, a decimal, a code, an id with
/// spaces): the values the engine reads must be well formed. The per-property and per-object checks of complex
/// elements are skipped: they report missing or surplus elements, which this service tolerates and ignores anyway
/// (see <see cref="FhirJson"/>), and they were about half of the parse time of a hook (docs/performance.md).
/// </summary>
internal sealed class PrimitiveValueValidator : IPocoValidator
{
    public static readonly PrimitiveValueValidator Instance = new();
    private static readonly FhirAttributeValidator Full = new();

    public IReadOnlyCollection<CodedValidationException> ValidateProperty(
        string name,
        object? propertyValue,
        PropertyMapping? propertyMapping,
        PocoValidationContext context
    ) => [];

    public IReadOnlyCollection<CodedValidationException> ValidateObject(
        Base instance,
        ClassMapping classMapping,
        PocoValidationContext context
    ) => instance is PrimitiveType ? Full.ValidateObject(instance, classMapping, context) : [];
}
