namespace CryoCdsHooks.Web.Metrics;

/// <summary>
/// CRDMetricData <c>coverageInfo.questionnaire</c>: a DTR form the coverage-information named. Ours are standard forms
/// (<c>adaptive</c> false, though <c>$next-question</c> can run them adaptively) and no card carries a prefilled
/// QuestionnaireResponse (<c>response</c> false): the client prefills with our CQL.
/// </summary>
public sealed record MetricQuestionnaire(string Reference, bool Adaptive, bool Response);
