using CryoCdsHooks.PolicyEngine;
using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Hooks.Kinds;

/// <summary>
/// The codes that may name where a procedure happens, read from the resource a hook names as its place or
/// performer: Location.type, Organization.type, PractitionerRole.code with the role's locations and organization,
/// HealthcareService.type with its locations. What each code means is the care-setting table's to say.
/// </summary>
internal static class PlaceClues
{
    public static IEnumerable<SettingClue> Of(Resource? place, HookResources resources) =>
        place switch
        {
            Location location => Codes($"{location.TypeName}/{location.Id} type", location.Type),
            Organization organization => Codes($"Organization/{organization.Id} type", organization.Type),
            PractitionerRole role => Codes($"PractitionerRole/{role.Id} code", role.Code)
                .Concat(role.Location.SelectMany(l => Of(resources.Resolve<Location>(l, role), resources)))
                .Concat(Of(resources.Resolve<Organization>(role.Organization, role), resources)),
            HealthcareService service => Codes($"HealthcareService/{service.Id} type", service.Type)
                .Concat(service.Location.SelectMany(l => Of(resources.Resolve<Location>(l, service), resources))),
            _ => [],
        };

    /// <summary>
    /// The references <see cref="Of"/> follows from a place (a role's locations and organization, a service's
    /// locations): what the loader reads from the FHIR server when the hook's keys did not bring them.
    /// </summary>
    public static IEnumerable<ResourceReference> Followed(Resource place) =>
        place switch
        {
            PractitionerRole role => role.Organization is { } organization
                ? [.. role.Location, organization]
                : role.Location,
            HealthcareService service => service.Location,
            _ => [],
        };

    public static IEnumerable<SettingClue> Codes(string source, IEnumerable<CodeableConcept> concepts) =>
        concepts.SelectMany(c => c.Coding).Where(c => c.Code is not null).Select(c => new SettingClue(source, c));
}
