using System.Globalization;
using System.Text;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Hooks.Wire;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// The cards shown to the clinician for one order: the coverage card (the evidence behind the coverage-information
/// systemAction, plus a SMART link when documentation is missing or the data could not be read in time), the
/// instructions card (what to document, how to request prior authorization) and the alternatives card (actionable
/// replacement orders). Everything taken from the record goes through <see cref="CardMarkdown"/>.
/// </summary>
public static class CoverageCards
{
    private const string CardTypeSystem = "http://terminology.hl7.org/CodeSystem/cdshooks-card-type";
    private const string CptSystem = "http://www.ama-assn.org/go/cpt";
    private const int MaxSummaryLength = 139;

    /// <summary>
    /// Enough to show why; a record with hundreds of matching resources must not make a card as long.
    /// </summary>
    public const int MaxEvidencePerCriterion = 5;

    /// <param name="hook">
    /// The hook that answered, named on the card (the answer may differ from an earlier hook's).
    /// </param>
    /// <param name="earlier">What this client was told before about the order (null: nothing).</param>
    public static CdsCard CoverageCard(
        OrderCoverageAnswer answer,
        string insurer,
        CardLinks links,
        string hook,
        EarlierAnswer? earlier = null
    )
    {
        var card = NewCard(
            answer,
            Summary(answer),
            Indicator(answer),
            insurer,
            "coverage-info",
            "Coverage Information",
            links
        );

        var cardLinks = new List<CdsLink> { new("Medical Policy 260 (BCBSMA)", links.PolicyUrl, "absolute") };
        // Documentation is missing, or the data could not be read in time: the SMART app reads it and evaluates again.
        if (
            answer
            is { Basis: AnswerBasis.Policy, Determination.Outcome: DeterminationOutcome.NeedsInformation }
                or { Basis: AnswerBasis.Technical }
        )
        {
            var label =
                answer.Basis == AnswerBasis.Technical
                    ? "Review coverage in the app"
                    : "Review and document missing criteria";
            cardLinks.Add(
                new CdsLink(
                    label,
                    links.SmartLaunchUrl,
                    "smart",
                    new SmartAppContext(
                        answer.Order.Reference,
                        answer.CoverageAssertionId,
                        [.. answer.Determination.Missing.Select(m => m.Code)]
                    ).ToJsonString()
                )
            );
        }
        // A DTR app, where the EHR has one, collects the same documentation with our Questionnaire (docs/api.md).
        if (links.DtrLaunchUrl is { } dtrUrl && answer.Questionnaire is { } questionnaire)
        {
            cardLinks.Add(
                new CdsLink(
                    "Complete the documentation form (DTR)",
                    dtrUrl,
                    "smart",
                    new DtrAppContext(
                        [questionnaire],
                        [answer.Order.Reference],
                        answer.Coverage?.Id is { } coverageId ? [$"Coverage/{coverageId}"] : [],
                        answer.CoverageAssertionId
                    ).ToJsonString()
                )
            );
        }
        return card with { Detail = Detail(answer, insurer, hook, earlier), Links = cardLinks };
    }

    /// <summary>
    /// A CRD Instructions card (text only: no links, no suggestions) for a conditional answer (what to document) or
    /// an inpatient one (how to request prior authorization); null when there is nothing to do.
    /// </summary>
    public static CdsCard? InstructionsCard(OrderCoverageAnswer answer, string insurer, CardLinks links)
    {
        var d = answer.Determination;
        var document = answer.Basis == AnswerBasis.Policy && d.Missing.Count > 0;
        var requestPa = answer.PaNeeded == "auth-needed";
        if (!document && !requestPa)
            return null;

        var summary = Truncate(
            document
                ? $"CPT {d.CptCode}: to confirm coverage, document "
                    + string.Join(", ", d.Missing.Select(m => m.Code.Replace('-', ' ')))
                : $"CPT {d.CptCode} inpatient: request prior authorization (precertification) before admission"
        );
        var detail = new StringBuilder(
            $"For order **{CardMarkdown.Text(answer.Order.Reference)}**.  \n**Policy:** {d.Policy.Label}\n\n"
        );
        if (document)
        {
            detail.Append("**Document in the chart, then sign again:**\n\n");
            foreach (var missing in d.Missing)
                detail.Append($"- {CardMarkdown.Text(missing.Description)}\n");
            detail.Append('\n');
        }
        if (requestPa)
        {
            detail.Append(
                $"**Prior authorization:** {CardMarkdown.Text(insurer)} requires precertification when this "
                    + "procedure is performed "
                    + "inpatient. Request it before the admission with the documentation behind each policy "
                    + "criterion; performed outpatient, "
                    + "no prior authorization is needed.\n"
            );
        }
        return NewCard(answer, summary, "info", insurer, "coverage-info", "Coverage Information", links) with
        {
            Detail = detail.ToString(),
        };
    }

    /// <summary>
    /// The card for an order with no Coverage of ours in force on its date of service (no extension goes with it,
    /// CRD 2.2.1). It says which date was used and, where one was seen, that our Coverage was not in force on it or
    /// that a Coverage belongs to another payer (never which payer: that is not ours to show).
    /// </summary>
    public static CdsCard NoCoverageCard(OrderCoverageAnswer answer, string insurer, CardLinks links)
    {
        var date = answer.Determination.DateOfService;
        var card = NewCard(
            answer,
            Truncate($"No {insurer} coverage found for {date.Date:yyyy-MM-dd}"),
            "warning",
            insurer,
            "coverage",
            "Coverage",
            links
        );
        var detail = new StringBuilder(
            $"**Order:** {CardMarkdown.Text(answer.Order.Reference)} (CPT {answer.Determination.CptCode})  \n"
        );
        detail.Append($"**Date of service:** {date.Date:yyyy-MM-dd} ({date.SourceLabel})\n\n");
        detail.Append(
            $"No {CardMarkdown.Text(insurer)} Coverage is in force on this date, so no coverage information is "
                + "returned for this order.\n"
        );
        foreach (var coverage in answer.Choice.OursNotInForce)
        {
            detail.Append(
                $"\n- {CardMarkdown.Text($"Coverage/{coverage.Id}")} is not in force on that date "
                    + $"(status {coverage.Status?.ToString().ToLowerInvariant() ?? "not given"}, "
                    + $"period {CardMarkdown.Text(coverage.Period?.Start ?? "…")} "
                    + $"to {CardMarkdown.Text(coverage.Period?.End ?? "…")})."
            );
        }
        if (answer.Choice.OtherPayers > 0)
        {
            detail.Append(
                $"\n- {answer.Choice.OtherPayers} Coverage record(s) of another payer were seen; that payer answers "
                    + "for them."
            );
        }
        if (answer.Choice.UnidentifiedPayers > 0)
        {
            detail.Append(
                $"\n- {answer.Choice.UnidentifiedPayers} Coverage record(s) name a payer that could not be "
                    + "identified (a payor reference that could not be read)."
            );
        }
        return card with
        {
            Detail = detail.ToString(),
            Links = [new CdsLink("Medical Policy 260 (BCBSMA)", links.PolicyUrl, "absolute")],
        };
    }

    /// <summary>Null when there is nothing actionable to suggest.</summary>
    public static CdsCard? AlternativesCard(OrderCoverageAnswer answer, string insurer, CardLinks links)
    {
        var determination = answer.Determination;
        if (
            answer.Basis != AnswerBasis.Policy
            || determination.Outcome == DeterminationOutcome.Covered
            || determination.Alternatives.Count == 0
        )
        {
            return null;
        }

        var summary = Truncate($"Consider alternatives to cryoablation (CPT {determination.CptCode})");
        var card = NewCard(
            answer,
            summary,
            "info",
            insurer,
            "therapy-alternatives-opt",
            "Therapy Alternatives Optional",
            links
        );
        var detail = new StringBuilder(
            $"For order **{CardMarkdown.Text(answer.Order.Reference)}**. Coverage of each alternative follows its "
                + "own policy; none is asserted here.\n\n"
        );
        detail.Append($"**Policy:** {determination.Policy.Label}\n\n");
        foreach (var alternative in determination.Alternatives)
        {
            detail.Append(
                $"- **{CardMarkdown.Text(alternative.Display)}** (CPT {alternative.CptCode}): "
                    + $"{CardMarkdown.Text(alternative.Rationale)}\n"
            );
        }
        return card with
        {
            Detail = detail.ToString(),
            SelectionBehavior = "at-most-one",
            Suggestions = [.. determination.Alternatives.Select(a => Suggestion(answer.Order, a))],
        };
    }

    private static CdsCard NewCard(
        OrderCoverageAnswer answer,
        string summary,
        string indicator,
        string insurer,
        string topic,
        string topicDisplay,
        CardLinks links
    ) =>
        new()
        {
            Uuid = Guid.NewGuid().ToString(),
            Summary = summary,
            Indicator = indicator,
            Source = new CdsSource(insurer, links.PolicyUrl, new CdsCoding(CardTypeSystem, topic, topicDisplay)),
            // CRD dev-25: say which order a card is about when several are in context.
            Extension = new CdsCardExtension([new FhirReference(answer.Order.Reference)]),
        };

    private static CdsSuggestion Suggestion(DraftOrder order, AlternativeProcedure alternative)
    {
        var draft = order.Resource;
        var replacement = new ServiceRequest
        {
            Id = Guid.NewGuid().ToString(),
            Status = RequestStatus.Draft,
            Intent = RequestIntent.Order,
            Code = new CodeableConcept(CptSystem, alternative.CptCode, alternative.Display, alternative.Display),
            Subject = draft.Subject,
            Encounter = draft.Encounter,
            Requester = draft.Requester,
            AuthoredOnElement = draft.AuthoredOnElement,
            ReasonCode = draft.ReasonCode,
            ReasonReference = draft.ReasonReference,
            BodySite = draft.BodySite,
        };
        return new CdsSuggestion(
            Truncate($"Order {alternative.Display} (CPT {alternative.CptCode}) instead"),
            Guid.NewGuid().ToString(),
            IsRecommended: false,
            [
                CdsAction.Delete($"Remove the cryoablation order {order.Reference}", order.Reference),
                CdsAction.Create(
                    $"Order {alternative.Display} (CPT {alternative.CptCode})",
                    FhirResourceJson.Of(replacement)
                ),
            ]
        );
    }

    private static string Summary(OrderCoverageAnswer answer)
    {
        var cpt = answer.Determination.CptCode;
        if (answer.Basis != AnswerBasis.Policy)
            return Truncate($"CPT {cpt}: {answer.ReasonText}");
        var pa = answer.Determination.PriorAuthorization switch
        {
            PriorAuthorization.Required => "prior authorization required (inpatient)",
            PriorAuthorization.NotRequired => "no prior authorization needed (outpatient)",
            PriorAuthorization.Conditional => "prior authorization needed only if inpatient",
            _ => null,
        };
        return Truncate(
            answer.Determination.Outcome switch
            {
                DeterminationOutcome.Covered => $"CPT {cpt} cryoablation meets policy 260; {pa}",
                DeterminationOutcome.NeedsInformation =>
                    $"CPT {cpt}: document {string.Join(", ", answer.Determination.Missing.Select(m => m.Code))} to "
                        + "confirm coverage",
                _ => $"CPT {cpt} not covered: {answer.Determination.Reason}",
            }
        );
    }

    private static string Indicator(OrderCoverageAnswer answer) =>
        // CRD resp-1/2: coverage matters are info, prior-auth or coverage problems at most warning.
        answer.Covered == "covered"
        && answer.PaNeeded != "auth-needed"
        && !answer.Choice.PayerUnconfirmed
            ? "info"
            : "warning";

    /// <summary>
    /// The evidence the systemAction does not carry (CRD resp-12: the card must not just restate it): why, the route
    /// that satisfied the policy, the care setting behind the prior-authorization answer, each criterion with the
    /// record's evidence, and notes.
    /// </summary>
    private static string Detail(OrderCoverageAnswer answer, string insurer, string hook, EarlierAnswer? earlier)
    {
        var d = answer.Determination;
        var text = new StringBuilder();
        text.Append($"**Order:** {CardMarkdown.Text(answer.Order.Reference)} (CPT {d.CptCode})  \n");
        text.Append($"**Answered at:** {hook}, on {CardMarkdown.Text(answer.Target.Reference)}  \n");
        if (AnswerChange.Describe(earlier, answer) is { } change)
            text.Append(change + "  \n");
        text.Append($"**Date of service:** {d.DateOfService.Date:yyyy-MM-dd} ({d.DateOfService.SourceLabel})  \n");
        if (answer.Choice.PayerUnconfirmed && answer.Coverage is { } coverage)
        {
            text.Append(
                "**Payer could not be confirmed:** "
                    + $"{CardMarkdown.Text($"Coverage/{coverage.Id}")} names its payer only by a reference "
                    + "that could not be read; it is the patient's only Coverage in force, so it is answered as "
                    + $"{CardMarkdown.Text(insurer)}'s. Confirm the payer.  \n"
            );
        }
        text.Append($"**Why:** {CardMarkdown.Text(answer.ReasonText)}  \n");
        if (answer.Basis == AnswerBasis.Policy && d.Route is { } route)
            text.Append($"**Route that satisfied the policy:** {CardMarkdown.Text(route)}  \n");
        if (answer.PaNeeded is not null)
            text.Append($"**Care setting:** {d.Setting.ToString().ToLowerInvariant()}  \n");
        text.Append($"**Policy:** {d.Policy.Label}  \n\n");

        if (answer.Basis == AnswerBasis.Policy && d.Criteria.Count > 0)
        {
            text.Append("| Criterion | Status | Evidence | Policy |\n|---|---|---|---|\n");
            foreach (var criterion in d.Criteria)
            {
                var evidence =
                    criterion.Evidence.Count == 0
                        ? "none found"
                        : string.Join(
                            "; ",
                            criterion
                                .Evidence.Take(MaxEvidencePerCriterion)
                                .Select(e =>
                                    $"{CardMarkdown.Text(e.Summary)} ({CardMarkdown.Text(e.ResourceReference)}"
                                    + (
                                        e.Date is { } date
                                            ? ", " + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                                            : ""
                                    )
                                    + ")"
                                )
                        );
                if (criterion.Evidence.Count > MaxEvidencePerCriterion)
                    evidence += $"; and {criterion.Evidence.Count - MaxEvidencePerCriterion} more";
                text.Append(
                    $"| {CardMarkdown.Text(criterion.Description)} | {StatusLabel(criterion.Status)} | {evidence} | "
                        + $"{CardMarkdown.Text(criterion.PolicyClause)} |\n"
                );
            }
        }

        if (d.Notes.Count > 0)
        {
            text.Append("\n**Notes:**\n\n");
            foreach (var note in d.Notes)
                text.Append($"- {CardMarkdown.Text(note)}\n");
        }
        return text.ToString();
    }

    private static string StatusLabel(CriterionStatus status) =>
        status switch
        {
            CriterionStatus.Met => "met",
            CriterionStatus.NotMet => "not met",
            CriterionStatus.NotNeeded => "not needed",
            _ => "unknown",
        };

    private static string Truncate(string text) =>
        text.Length <= MaxSummaryLength ? text : text[..(MaxSummaryLength - 1)] + "…";
}
