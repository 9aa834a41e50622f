using System.Text.Json.Serialization;

namespace CryoCdsHooks.Web.Hooks.Wire;

/// <summary>The card extensions we send: CRD dev-25 names the order a card is about.</summary>
public sealed record CdsCardExtension(
    [property: JsonPropertyName("davinci-crd.associated-resource")] IReadOnlyList<FhirReference> AssociatedResource
);
