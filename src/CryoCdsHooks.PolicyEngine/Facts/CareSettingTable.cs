using System.Text.Json;
using CryoCdsHooks.PolicyEngine.Terminology;

namespace CryoCdsHooks.PolicyEngine.Facts;

/// <summary>
/// What an Encounter says about the care setting, read from <c>care-settings.json</c> (its source is named there):
/// the setting of each <c>Encounter.class</c>, the statuses that say nothing, and the discharge dispositions that
/// show an emergency visit ended without an admission; and the setting of each place code a later hook reads
/// (place of service, location role, provider taxonomy: <see cref="VenueOf"/>).
/// </summary>
public sealed class CareSettingTable
{
    private readonly IReadOnlyDictionary<string, EncounterKind> _classes;
    private readonly HashSet<string> _statusesWithoutSetting;
    private readonly HashSet<string> _dispositionsWithoutAdmission;
    private readonly Dictionary<(string System, string Code), Venue> _venues;

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
        _venues = document
            .Venues.SelectMany(system =>
                system.Codes.Select(c =>
                    (
                        Key: (system.System, c.Code),
                        Venue: new Venue(Enum.Parse<EncounterKind>(c.Setting, ignoreCase: true), c.Display)
                    )
                )
            )
            .ToDictionary(v => v.Key, v => v.Venue);
    }

    public string ClassSystem { get; }

    public string DispositionSystem { get; }

    /// <summary>Null for a class the table does not list (the setting is then unknown).</summary>
    public EncounterKind? KindOf(string? classCode) =>
        classCode is not null && _classes.TryGetValue(classCode, out var kind) ? kind : null;

    public bool SaysNothing(string? status) => status is not null && _statusesWithoutSetting.Contains(status);

    public bool EndsWithoutAdmission(string? disposition) =>
        disposition is not null && _dispositionsWithoutAdmission.Contains(disposition);

    /// <summary>What a place code says, or null for a code (or system) the table does not list.</summary>
    public Venue? VenueOf(string? system, string? code) =>
        CodeSystemIdentity.Canonical(system) is { } canonical
        && code is not null
        && _venues.TryGetValue((canonical, code), out var venue)
            ? venue
            : null;

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
        List<string> DispositionsWithoutAdmission,
        List<VenueSystem> Venues
    );

    private sealed record VenueSystem(string System, List<VenueCode> Codes);

    private sealed record VenueCode(string Code, string Setting, string Display);
}
