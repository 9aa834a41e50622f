using System.Text.Json;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// What an Encounter says about the care setting, read from <c>care-settings.json</c> (its source is named there):
/// the setting of each <c>Encounter.class</c>, the statuses that say nothing, and the discharge dispositions that
/// show an emergency visit ended without an admission.
/// </summary>
public sealed class CareSettingTable
{
    private readonly IReadOnlyDictionary<string, EncounterKind> _classes;
    private readonly HashSet<string> _statusesWithoutSetting;
    private readonly HashSet<string> _dispositionsWithoutAdmission;

    private CareSettingTable(TableDocument document)
    {
        ClassSystem = document.ClassSystem;
        DispositionSystem = document.DispositionSystem;
        _classes = document.Classes.ToDictionary(
            c => c.Key,
            c => Enum.Parse<EncounterKind>(c.Value, ignoreCase: true),
            StringComparer.Ordinal
        );
        _statusesWithoutSetting = document.StatusesWithoutSetting.ToHashSet(StringComparer.Ordinal);
        _dispositionsWithoutAdmission = document.DispositionsWithoutAdmission.ToHashSet(StringComparer.Ordinal);
    }

    public string ClassSystem { get; }

    public string DispositionSystem { get; }

    /// <summary>Null for a class the table does not list (the setting is then unknown).</summary>
    public EncounterKind? KindOf(string? classCode) =>
        classCode is not null && _classes.TryGetValue(classCode, out var kind) ? kind : null;

    public bool SaysNothing(string? status) => status is not null && _statusesWithoutSetting.Contains(status);

    public bool EndsWithoutAdmission(string? disposition) =>
        disposition is not null && _dispositionsWithoutAdmission.Contains(disposition);

    internal static CareSettingTable Parse(string json) =>
        new(
            JsonSerializer.Deserialize<TableDocument>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new InvalidOperationException("care-settings.json is empty.")
        );

    private sealed record TableDocument(
        string Source,
        string ClassSystem,
        Dictionary<string, string> Classes,
        List<string> StatusesWithoutSetting,
        string DispositionSystem,
        List<string> DispositionsWithoutAdmission
    );
}
