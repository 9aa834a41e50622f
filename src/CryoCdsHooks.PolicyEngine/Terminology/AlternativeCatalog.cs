using System.Text.Json;

namespace CryoCdsHooks.PolicyEngine.Terminology;

/// <summary>Alternatives per indication, read from <c>alternatives.json</c>.</summary>
public sealed class AlternativeCatalog
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<AlternativeProcedure>> _byIndication;

    private AlternativeCatalog(IReadOnlyDictionary<string, IReadOnlyList<AlternativeProcedure>> byIndication) =>
        _byIndication = byIndication;

    public IReadOnlyList<AlternativeProcedure> For(string indication) =>
        _byIndication.TryGetValue(indication, out var alternatives)
            ? alternatives
            : throw new KeyNotFoundException($"No alternatives for indication '{indication}'.");

    internal static AlternativeCatalog Parse(string json)
    {
        var document = JsonSerializer.Deserialize<AlternativesDocument>(
            json,
            new JsonSerializerOptions(JsonSerializerDefaults.Web)
        ) ?? throw new InvalidOperationException("alternatives.json is empty.");
        return new AlternativeCatalog(
            document.Indications.ToDictionary(
                i => i.Id,
                i =>
                    (IReadOnlyList<AlternativeProcedure>)
                        i.Alternatives.Select(a => new AlternativeProcedure(a.Cpt, a.Display, a.Rationale)).ToList()
            )
        );
    }

    private sealed record AlternativesDocument(IReadOnlyList<IndicationEntry> Indications);

    private sealed record IndicationEntry(string Id, IReadOnlyList<AlternativeEntry> Alternatives);

    private sealed record AlternativeEntry(string Cpt, string Display, string Rationale);
}
