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
        string defaultInsurer,
        CardLinks links
    )
    {
        var cards = new List<CdsCard>();
        var systemActions = new List<CdsAction>();
        var assertions = new List<CoverageAssertion>();

        foreach (var answer in answers)
        {
            if (!answer.HasCoverageInformation)
            {
                // No Coverage of ours: no extension may be returned, only the card that says so.
                if (request.Configuration.CoverageCard)
                    cards.Add(CoverageCards.NoCoverageCard(answer, defaultInsurer, links));
                continue;
            }

            var extension = CoverageInformationExtension.Build(answer, request.IsOrderSign, links.PolicyUrl);
            assertions.Add(new CoverageAssertion(answer, extension));
            systemActions.Add(UpdateAction(answer, extension));

            var insurer = answer.Coverage?.Payor.FirstOrDefault()?.Display is { Length: > 0 } payor
                ? payor
                : defaultInsurer;
            if (request.Configuration.CoverageCard)
            {
                cards.Add(CoverageCards.CoverageCard(answer, insurer, links));
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

        // Inferno's CRD server tests expect systemActions on every order-sign answer, empty when nothing is in scope.
        var body = new CdsResponse(
            [.. cards.Take(request.Configuration.MaxCards)],
            systemActions.Count > 0 || request.IsOrderSign ? systemActions : null
        );
        return (body, assertions);
    }

    /// <summary>
    /// The draft order exactly as received plus our extension: nothing else may change (CRD resp-37).
    /// </summary>
    private static CdsAction UpdateAction(OrderCoverageAnswer answer, FhirExtension extension) =>
        CdsAction.Update(
            $"Record coverage information (policy 260) on {answer.Order.Reference}",
            FhirResourceJson.WithExtension(answer.Order.Json, extension)
        );
}
