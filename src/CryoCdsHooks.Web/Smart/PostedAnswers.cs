using System.Globalization;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Smart;

/// <summary>
/// The documentation form as posted: each open question's answer in the type its Questionnaire item declares,
/// what could not be read as an answer, and the raw values, which go back into the form when nothing was saved.
/// </summary>
internal sealed record PostedAnswers(
    IReadOnlyList<QuestionnaireResponse.ItemComponent> Items,
    IReadOnlyList<string> Errors,
    Dictionary<string, string[]> Values
)
{
    /// <summary>A measurement beyond this is a typing slip, not a tumour size or an eGFR.</summary>
    private const decimal MaxQuantity = 100_000m;

    public static PostedAnswers Read(IFormCollection form, OpenDocumentation documentation)
    {
        var items = new List<QuestionnaireResponse.ItemComponent>();
        var errors = new List<string>();
        var values = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var item in documentation.Questionnaire.Item.Where(documentation.IsAnswerable))
        {
            var posted = form[OpenDocumentation.FieldName(item.LinkId!)]
                .Where(v => !string.IsNullOrWhiteSpace(v))
                .Select(v => v!.Trim())
                .ToArray();
            if (posted.Length == 0)
                continue;
            values[item.LinkId!] = posted;
            if (posted.Length > 1 && item.Repeats != true)
            {
                errors.Add($"“{item.Text}”: choose one answer.");
                continue;
            }
            var answers = posted.Select(p => Answer(item, p, documentation)).ToList();
            if (answers.Any(a => a is null))
            {
                errors.Add($"“{item.Text}”: {Expected(item)}");
                continue;
            }
            items.Add(
                new QuestionnaireResponse.ItemComponent
                {
                    LinkId = item.LinkId,
                    Text = item.Text,
                    Answer = [.. answers.Select(a => new QuestionnaireResponse.AnswerComponent { Value = a })],
                }
            );
        }
        return new PostedAnswers(items, errors, values);
    }

    /// <summary>The answer value for one posted string; null when it is not one the item accepts.</summary>
    private static DataType? Answer(Questionnaire.ItemComponent item, string posted, OpenDocumentation documentation) =>
        item.Type switch
        {
            Questionnaire.QuestionnaireItemType.Boolean => posted switch
            {
                "true" => new FhirBoolean(true),
                "false" => new FhirBoolean(false),
                _ => null,
            },
            Questionnaire.QuestionnaireItemType.Quantity
                when decimal.TryParse(
                    posted,
                    NumberStyles.AllowDecimalPoint,
                    CultureInfo.InvariantCulture,
                    out var number
                )
                    && number is >= 0 and <= MaxQuantity
                    && OpenDocumentation.Unit(item) is { } unit => new Quantity
            {
                Value = number,
                Unit = unit.Display ?? unit.Code,
                System = unit.System,
                Code = unit.Code,
            },
            Questionnaire.QuestionnaireItemType.Choice => documentation
                .Options.GetValueOrDefault(item.LinkId!)
                ?.FirstOrDefault(c => ChoiceValue(c) == posted)
                ?.DeepCopy() as Coding,
            Questionnaire.QuestionnaireItemType.Reference => documentation.Conditions.FirstOrDefault(c =>
                c.Reference == posted
            )
                is ({ } reference, var label)
                ? new ResourceReference(reference, label)
                : null,
            _ => null,
        };

    /// <summary>The form value of a coded answer: system and code, as FHIR token search writes them.</summary>
    public static string ChoiceValue(Coding coding) => $"{coding.System}|{coding.Code}";

    private static string Expected(Questionnaire.ItemComponent item) =>
        item.Type == Questionnaire.QuestionnaireItemType.Quantity
            ? $"enter a number from 0 to {MaxQuantity.ToString(CultureInfo.InvariantCulture)}, with a dot for decimals."
            : "choose one of the answers offered.";

    /// <summary>The values to show again for an item (none when it was not answered).</summary>
    public static IReadOnlyList<string> Kept(IReadOnlyDictionary<string, string[]>? values, string linkId) =>
        values?.GetValueOrDefault(linkId) ?? [];
}
