using CryoCdsHooks.Web.Hooks.Wire;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// Assembles the CDS Hooks response: one coverage-information systemAction per answered order (CRD resp-29)
/// and the cards the client's configuration asks for, capped at max-cards.
/// </summary>
public static class HookResponse
{
    public static (CdsResponse Body, IReadOnlyList<CoverageAssertion> Assertions) Compose(
        HookRequest request,
        IReadOnlyList<OrderCoverageAnswer> answers,
        IReadOnlyDictionary<string, EarlierAnswer> earlier,
        string defaultInsurer,
        CardLinks links
    )
    {
        var cards = new List<CdsCard>();
        var assertions = new List<CoverageAssertion>();
        var kind = request.Kind;

        foreach (var answer in answers)
        {
            if (!answer.HasCoverageInformation)
            {
                // No Coverage of ours: no extension may be returned, only the card that says so.
                if (request.Configuration.CoverageCard)
                    cards.Add(CoverageCards.NoCoverageCard(answer, defaultInsurer, links));
                continue;
            }

            var extension = CoverageInformationExtension.Build(answer, kind.IsPrimary, links.PolicyUrl);
            assertions.Add(new CoverageAssertion(answer, extension));

            var insurer = answer.Coverage?.Payor.FirstOrDefault()?.Display is { Length: > 0 } payor
                ? payor
                : defaultInsurer;
            if (request.Configuration.CoverageCard)
            {
                cards.Add(
                    CoverageCards.CoverageCard(
                        answer,
                        insurer,
                        links,
                        kind.Hook,
                        earlier.GetValueOrDefault(answer.Order.Reference)
                    )
                );
                if (CoverageCards.InstructionsCard(answer, insurer, links) is { } instructions)
                    cards.Add(instructions);
            }
            if (
                request.Configuration.AlternativesCard
                && CoverageCards.AlternativesCard(answer, insurer, links) is { } alternatives
            )
            {
                cards.Add(alternatives);
            }
        }

        // One update per resource: an Appointment or Encounter answered for two orders carries both extensions.
        var systemActions = assertions
            .GroupBy(a => a.Answer.Target.Reference, StringComparer.Ordinal)
            .Select(group => UpdateAction(group.First().Answer.Target, [.. group.Select(a => a.Extension)]))
            .ToList();
        // CRD hook-16 (and Inferno's CRD server tests): systemActions on every primary-hook answer, empty when nothing
        // is in scope.
        var body = new CdsResponse(
            [.. cards.Take(request.Configuration.MaxCards)],
            systemActions.Count > 0 || kind.IsPrimary ? systemActions : null
        );
        return (body, assertions);
    }

    /// <summary>The resource exactly as received plus our extensions: nothing else may change (CRD resp-37).</summary>
    private static CdsAction UpdateAction(ContextResource target, IReadOnlyList<FhirExtension> extensions) =>
        CdsAction.Update(
            $"Record coverage information (policy 260) on {target.Reference}",
            FhirResourceJson.WithExtensions(target.Json, extensions)
        );
}
