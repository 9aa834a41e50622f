using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>One question of policy 260's documentation, as documentation-questionnaires.json defines it.</summary>
public sealed record DocumentationItem(
    string LinkId,
    Questionnaire.QuestionnaireItemType Type,
    string Text,
    string Criterion,
    string Clause,
    string? AnswerValueSet,
    string? ReferenceResource,
    DocumentationUnit? Unit,
    bool Repeats
);
