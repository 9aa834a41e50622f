using System.Text.Json;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Documentation;
using CryoCdsHooks.PolicyEngine.Rules;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>
/// Policy 260's DTR forms, read once from documentation-questionnaires.json, with the ValueSets their answers come
/// from and the prefill Library (when it is part of the build). The Questionnaire resources are built from here
/// only (<see cref="QuestionnaireBuilder"/>).
/// </summary>
public sealed class QuestionnaireCatalog
{
    private readonly Dictionary<ProcedureClass, DocumentationForm> _forms;
    private readonly Dictionary<string, ValueSet> _valueSets;

    public QuestionnaireCatalog()
    {
        using var definitions = JsonDocument.Parse(DocumentationResources.QuestionnaireDefinitions);
        var root = definitions.RootElement;
        Version = root.GetProperty("version").GetString()!;
        var items = root.GetProperty("items")
            .EnumerateObject()
            .ToDictionary(p => p.Name, p => ReadItem(p.Name, p.Value), StringComparer.Ordinal);
        _forms = root.GetProperty("questionnaires")
            .EnumerateArray()
            .Select(form => ReadForm(form, items))
            .ToDictionary(f => f.Procedure);

        var deserializer = new FhirJsonDeserializer();
        _valueSets = DocumentationResources
            .ValueSets()
            .Select(deserializer.Deserialize<ValueSet>)
            .ToDictionary(v => v.Url!, StringComparer.Ordinal);
        PrefillLibrary = PolicyEngine.Documentation.PrefillLibrary.Load();
    }

    /// <summary>
    /// When the forms, their answer ValueSets or the prefill Library last changed (Questionnaire.date and
    /// $questionnaire-package's <c>changedsince</c>): move it forward with every change to them (docs/dtr.md).
    /// </summary>
    public DateTimeOffset Released { get; } = new(2026, 12, 4, 3, 5, 0, TimeSpan.Zero);

    /// <summary>The forms' business version (Questionnaire.version).</summary>
    public string Version { get; }

    /// <summary>The CQL Library the forms' initialExpressions name.</summary>
    public Library PrefillLibrary { get; }

    public IEnumerable<DocumentationForm> Forms => _forms.Values;

    public DocumentationForm FormFor(ProcedureClass procedure) => _forms[procedure];

    /// <summary>The form with this canonical (optionally with "|" and our version); null if none.</summary>
    public DocumentationForm? FormByCanonical(string canonical)
    {
        var bar = canonical.IndexOf('|');
        if (bar >= 0 && canonical[(bar + 1)..] != Version)
            return null;
        var url = bar >= 0 ? canonical[..bar] : canonical;
        return _forms.Values.FirstOrDefault(f => f.Canonical == url);
    }

    public ValueSet? ValueSet(string url) => _valueSets.GetValueOrDefault(url);

    /// <summary>The answer ValueSets of these items and every ValueSet they include, each once.</summary>
    public IReadOnlyList<ValueSet> AnswerValueSets(IEnumerable<DocumentationItem> items)
    {
        var found = new List<ValueSet>();
        var pending = new Queue<string>(items.Select(i => i.AnswerValueSet).OfType<string>());
        while (pending.TryDequeue(out var url))
        {
            if (found.Any(v => v.Url == url) || ValueSet(url) is not { } valueSet)
                continue;
            found.Add(valueSet);
            foreach (var included in valueSet.Compose?.Include.SelectMany(i => i.ValueSet) ?? [])
                pending.Enqueue(included!);
        }
        return found;
    }

    private static DocumentationItem ReadItem(string linkId, JsonElement item)
    {
        var unit = item.TryGetProperty("unit", out var u)
            ? new DocumentationUnit(Text(u, "system")!, Text(u, "code")!, Text(u, "display")!)
            : null;
        return new DocumentationItem(
            linkId,
            ItemType(linkId, Text(item, "type")),
            Text(item, "text")!,
            Text(item, "criterion")!,
            Text(item, "clause")!,
            Text(item, "answerValueSet"),
            Text(item, "referenceResource"),
            unit,
            item.TryGetProperty("repeats", out var repeats) && repeats.GetBoolean()
        );
    }

    private static DocumentationForm ReadForm(JsonElement form, Dictionary<string, DocumentationItem> items)
    {
        var diagnosisValueSet = Text(form, "diagnosisValueSet");
        var formItems = form.GetProperty("items")
            .EnumerateArray()
            .Select(linkId => items[linkId.GetString()!])
            // The diagnosis answers are the site's own diagnosis ValueSet.
            .Select(item =>
                item.LinkId == MissingInformationCodes.Diagnosis.Code && diagnosisValueSet is not null
                    ? item with
                    {
                        AnswerValueSet = diagnosisValueSet,
                    }
                    : item
            )
            .ToList();
        return new DocumentationForm(
            Enum.Parse<ProcedureClass>(Text(form, "procedure")!),
            Text(form, "title")!,
            formItems
        );
    }

    /// <summary>The answer types the forms use: what the QuestionnaireResponse reader expects.</summary>
    private static Questionnaire.QuestionnaireItemType ItemType(string linkId, string? type) =>
        type switch
        {
            "boolean" => Questionnaire.QuestionnaireItemType.Boolean,
            "quantity" => Questionnaire.QuestionnaireItemType.Quantity,
            "choice" => Questionnaire.QuestionnaireItemType.Choice,
            "reference" => Questionnaire.QuestionnaireItemType.Reference,
            _ => throw new InvalidOperationException($"Unknown item type '{type}' for {linkId}."),
        };

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;
}
