using System.Text.Json;
using System.Text.Json.Nodes;
using CryoCdsHooks.FhirAccess;
using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.Web.Discovery;
using CryoCdsHooks.Web.Hooks;
using Hl7.Fhir.Model;
using static CryoCdsHooks.Web.Tests.WorkflowRequests;

namespace CryoCdsHooks.Web.Tests.Hooks;

/// <summary>
/// Issue 25, point 1: each hook kind finds its orders, the resource answered, the place and the date.
/// </summary>
public sealed class HookKindTests
{
    private static IReadOnlyList<HookSubject> SubjectsOf(JsonObject json, HookKind kind, PatientRecord? record = null)
    {
        // The request document must outlive the subjects: their JSON points into it.
        var document = JsonDocument.Parse(json.ToJsonString());
        var (request, issues) = new HookRequestReader().Read(document.RootElement, kind);
        Assert.Empty(issues);
        var loaded = new PatientRecordLoadResult(record ?? new PatientRecord(), []) { HookKeys = OwnKeys(json, kind) };
        return kind.SubjectsOf(request!, loaded).Subjects;
    }

    /// <summary>The hook's own prefetch keys as the loader gives them: Bundles unpacked.</summary>
    private static Dictionary<string, IReadOnlyList<Resource>> OwnKeys(JsonObject json, HookKind kind)
    {
        var keys = new Dictionary<string, IReadOnlyList<Resource>>();
        foreach (var key in kind.OwnPrefetch.Keys.Where(k => json["prefetch"]?[k] is not null))
        {
            var json8 = System.Text.Encoding.UTF8.GetBytes(json["prefetch"]![key]!.ToJsonString());
            Assert.True(FhirJson.TryParse(json8, out var resource, out _));
            keys[key] = resource is Bundle bundle ? [.. bundle.Entry.Select(e => e.Resource!)] : [resource];
        }
        return keys;
    }

    [Fact]
    public void Appointment_book_answers_the_appointment_for_the_order_it_is_based_on_at_its_place_and_start()
    {
        var subject = Assert.Single(
            SubjectsOf(Booking(new PatientScenario(), Location("ward-1", "21")), CdsServiceCatalog.AppointmentBook)
        );

        Assert.Equal("ServiceRequest/order-1", subject.Order.Reference);
        Assert.Equal("Appointment/apt-1", subject.Target.Reference);
        Assert.Equal(new DateOnly(2026, 12, 10), subject.Planned!.Start);
        var clue = Assert.Single(subject.Planned.Clues);
        Assert.Equal(("Location/ward-1 type", "21"), (clue.Source, clue.Coding.Code));
    }

    [Fact]
    public void Order_dispatch_answers_the_order_itself_with_the_performers_type_as_its_place()
    {
        var center = Organization("asc-org", ProviderTaxonomy, "261QA1903X");

        var subject = Assert.Single(
            SubjectsOf(Dispatch(new PatientScenario(), center), CdsServiceCatalog.OrderDispatch)
        );

        Assert.Equal("ServiceRequest/order-1", subject.Target.Reference);
        Assert.Null(subject.Planned!.Start);
        Assert.Equal("261QA1903X", Assert.Single(subject.Planned.Clues).Coding.Code);
    }

    [Fact]
    public void Encounter_start_answers_the_encounter_from_its_start_and_leaves_the_setting_to_its_class()
    {
        var encounter = new Encounter
        {
            Id = PatientScenario.EncounterId,
            Subject = new ResourceReference($"Patient/{PatientScenario.PatientId}"),
            Period = new Period { Start = "2026-12-10T07:00:00-05:00" },
        };

        var subject = Assert.Single(
            SubjectsOf(
                Admission(new PatientScenario()),
                CdsServiceCatalog.EncounterStart,
                new PatientRecord { Encounter = encounter }
            )
        );

        Assert.Equal($"Encounter/{PatientScenario.EncounterId}", subject.Target.Reference);
        Assert.Equal(new DateOnly(2026, 12, 10), subject.Planned!.Start);
        Assert.Empty(subject.Planned.Clues);
    }

    [Fact]
    public void The_order_hooks_answer_each_order_on_itself_with_nothing_planned()
    {
        var subject = Assert.Single(SubjectsOf(new PatientScenario().OrderSign(), CdsServiceCatalog.OrderSign));

        Assert.Equal(subject.Order.Reference, subject.Target.Reference);
        Assert.Null(subject.Planned);
    }

    [Fact]
    public void Only_the_primary_hooks_of_crd_promise_coverage_information_on_every_answer() =>
        Assert.Equal(
            ["appointment-book", "order-dispatch", "order-sign"],
            CdsServiceCatalog.Services.Where(s => s.IsPrimary).Select(s => s.Hook).Order()
        );
}
