using System.Text.Json.Nodes;

namespace CryoCdsHooks.Web.Hooks;

/// <summary>
/// Assembles the CDS Hooks response: one coverage-information systemAction per answered order (CRD resp-29)
/// and the cards the client's configuration asks for, capped at max-cards.
/// </summary>
public static class HookResponse
{
    public static (JsonObject Body, IReadOnlyList<(OrderCoverageAnswer Answer, JsonObject Extension)> Assertions) Compose(
        HookRequest request, IReadOnlyList<OrderCoverageAnswer> answers, string defaultInsurer, CardLinks links)
    {
        var cards = new List<JsonNode>();
        var systemActions = new JsonArray();
        var assertions = new List<(OrderCoverageAnswer, JsonObject)>();

        foreach (var answer in answers)
        {
            if (!answer.HasCoverageInformation)
            {
                // No Coverage of ours: no extension may be returned, only the card that says so.
                if (request.Configuration.CoverageCard) cards.Add(CoverageCards.NoCoverageCard(answer, defaultInsurer, links));
                continue;
            }

            var extension = CoverageInformationExtension.Build(answer, request.IsOrderSign, links.PolicyUrl);
            assertions.Add((answer, extension));
            systemActions.Add(UpdateAction(answer, extension));

            var insurer = answer.Coverage?.Payor.FirstOrDefault()?.Display is { Length: > 0 } payor ? payor : defaultInsurer;
            if (request.Configuration.CoverageCard)
            {
                cards.Add(CoverageCards.CoverageCard(answer, insurer, links));
                if (CoverageCards.InstructionsCard(answer, insurer, links) is { } instructions) cards.Add(instructions);
            }
            if (request.Configuration.AlternativesCard && CoverageCards.AlternativesCard(answer, insurer, links) is { } alternatives)
            {
                cards.Add(alternatives);
            }
        }

        var body = new JsonObject { ["cards"] = new JsonArray(cards.Take(request.Configuration.MaxCards).ToArray()) };
        // Inferno's CRD server tests expect systemActions on every order-sign answer, empty when nothing is in scope.
        if (systemActions.Count > 0 || request.IsOrderSign) body["systemActions"] = systemActions;
        return (body, assertions);
    }

    /// <summary>The draft order exactly as received plus our extension: nothing else may change (CRD resp-37).</summary>
    private static JsonObject UpdateAction(OrderCoverageAnswer answer, JsonObject extension)
    {
        var resource = (JsonObject)answer.Order.Json.DeepClone();
        if (resource["extension"] is not JsonArray extensions)
        {
            extensions = [];
            resource["extension"] = extensions;
        }
        extensions.Add(extension);
        return new JsonObject
        {
            ["type"] = "update",
            ["description"] = $"Record coverage information (policy 260) on {answer.Order.Reference}",
            ["resource"] = resource,
        };
    }
}
