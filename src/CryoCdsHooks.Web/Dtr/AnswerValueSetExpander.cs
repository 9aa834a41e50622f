using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>
/// Expands the service's own ValueSets (the engine's code lists and the forms' answer lists): listed concepts and
/// included ValueSets. An ICD-10-CM <c>is-a</c> filter cannot be enumerated without the code system, so an expansion
/// that has one lists the concepts it can and is marked unclosed (other codes are members too).
/// </summary>
public sealed class AnswerValueSetExpander(QuestionnaireCatalog catalog, TimeProvider time)
{
    private const string Unclosed = "http://hl7.org/fhir/StructureDefinition/valueset-unclosed";

    public ValueSet? Expand(string url)
    {
        if (catalog.ValueSet(url) is not { } definition)
            return null;
        var contains = new List<ValueSet.ContainsComponent>();
        var open = Collect(definition, contains, []);
        var expanded = (ValueSet)definition.DeepCopy();
        expanded.Expansion = new ValueSet.ExpansionComponent
        {
            Identifier = "urn:uuid:" + Guid.NewGuid(),
            TimestampElement = new FhirDateTime(time.GetUtcNow()),
            Total = open ? null : contains.Count,
            Contains = contains,
        };
        if (open)
            expanded.Expansion.Extension.Add(new Extension(Unclosed, new FhirBoolean(true)));
        return expanded;
    }

    /// <summary>Adds the concepts; true when a filter leaves members unlisted.</summary>
    private bool Collect(ValueSet valueSet, List<ValueSet.ContainsComponent> contains, HashSet<string> seen)
    {
        if (!seen.Add(valueSet.Url!))
            return false;
        var open = false;
        foreach (var include in valueSet.Compose?.Include ?? [])
        {
            open |= include.Filter.Count > 0;
            foreach (var concept in include.Concept)
            {
                if (!contains.Any(c => c.System == include.System && c.Code == concept.Code))
                {
                    contains.Add(
                        new ValueSet.ContainsComponent
                        {
                            System = include.System,
                            Code = concept.Code,
                            Display = concept.Display,
                        }
                    );
                }
            }
            foreach (var included in include.ValueSet)
                open |= catalog.ValueSet(included!) is not { } inner || Collect(inner, contains, seen);
        }
        return open;
    }
}
