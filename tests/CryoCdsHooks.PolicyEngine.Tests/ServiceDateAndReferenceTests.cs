using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests;

public class ServiceDateAndReferenceTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    private static ServiceRequest Order(DataType? occurrence = null, string? authoredOn = null) =>
        new()
        {
            Id = "o",
            Occurrence = occurrence,
            AuthoredOn = authoredOn,
        };

    [Theory]
    // An evening order west of UTC is still an order of its own day, not of the next UTC day.
    [InlineData("2026-11-20T20:15:00-05:00", "2026-11-20")]
    // Just after local midnight east of UTC is that local day, not the previous UTC day.
    [InlineData("2026-11-21T00:30:00+09:00", "2026-11-21")]
    [InlineData("2026-11-20T23:59:59+14:00", "2026-11-20")]
    [InlineData("2026-11-20", "2026-11-20")]
    public void A_timestamp_counts_by_its_own_local_date_as_written(string occurrence, string expected)
    {
        var date = ServiceDate.Of(Order(new FhirDateTime(occurrence), authoredOn: "2026-01-01"), Today);

        Assert.Equal(
            (
                DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
                ServiceDateSource.OccurrenceDateTime
            ),
            (date.Date, date.Source)
        );
    }

    [Fact]
    public void Occurrence_period_start_wins_over_authoredOn()
    {
        var date = ServiceDate.Of(Order(new Period { Start = "2026-12-01T07:30:00-05:00" }, "2026-11-20"), Today);

        Assert.Equal((new DateOnly(2026, 12, 1), ServiceDateSource.OccurrencePeriodStart), (date.Date, date.Source));
    }

    [Fact]
    public void Occurrence_without_authoredOn_is_used()
    {
        var date = ServiceDate.Of(Order(new FhirDateTime("2027-01-05T09:00:00-05:00")), Today);

        Assert.Equal((new DateOnly(2027, 1, 5), ServiceDateSource.OccurrenceDateTime), (date.Date, date.Source));
    }

    [Fact]
    public void Without_occurrence_authoredOn_decides_then_the_evaluation_date()
    {
        Assert.Equal(
            new ServiceDate(new DateOnly(2026, 11, 20), ServiceDateSource.AuthoredOn),
            ServiceDate.Of(Order(authoredOn: "2026-11-20T23:30:00-08:00"), Today)
        );
        Assert.Equal(new ServiceDate(Today, ServiceDateSource.EvaluationDate), ServiceDate.Of(Order(), Today));
        // A year-month names no day: it does not decide.
        Assert.Equal(
            ServiceDateSource.AuthoredOn,
            ServiceDate.Of(Order(new FhirDateTime("2026-12"), "2026-11-20"), Today).Source
        );
    }

    [Fact]
    public void The_engine_uses_the_date_of_service_for_its_determination()
    {
        var order = new ServiceRequest
        {
            Id = "o",
            Status = RequestStatus.Draft,
            Intent = RequestIntent.Order,
            Code = new CodeableConcept("http://www.ama-assn.org/go/cpt", "50593"),
            Occurrence = new FhirDateTime("2026-11-20T20:15:00-05:00"),
        };

        var determination = Assert.Single(new Policy260Engine().Evaluate([order], [order], new PatientRecord(), Today));

        Assert.Equal(
            new ServiceDate(new DateOnly(2026, 11, 20), ServiceDateSource.OccurrenceDateTime),
            determination.DateOfService
        );
    }

    [Theory]
    [InlineData("Condition/c1")]
    [InlineData("Condition/c1/_history/3")]
    [InlineData("https://ehr.example.org/fhir/Condition/c1")]
    [InlineData("https://ehr.example.org/fhir/Condition/c1/_history/2")]
    [InlineData("urn:uuid:0f6a3c43-6a7e-4f59-9d1e-0b1c2d3e4f50")]
    public void Every_reference_form_reaches_the_same_resource(string reference)
    {
        var condition = new Condition { Id = "c1" };
        var record = new PatientRecord
        {
            Conditions = [condition],
            FullUrls = new Dictionary<string, Resource>
            {
                ["https://ehr.example.org/fhir/Condition/c1"] = condition,
                ["urn:uuid:0f6a3c43-6a7e-4f59-9d1e-0b1c2d3e4f50"] = condition,
            },
        };

        Assert.Same(condition, record.References.Resolve<Condition>(new ResourceReference(reference), null));
    }

    [Fact]
    public void Contained_and_foreign_references_resolve_only_where_they_should()
    {
        var condition = new Condition { Id = "c1" };
        var record = new PatientRecord
        {
            Conditions = [condition],
            FullUrls = new Dictionary<string, Resource> { ["https://ehr.example.org/fhir/Condition/c1"] = condition },
        };
        var contained = new Condition { Id = "local" };
        var order = new ServiceRequest { Contained = [contained] };

        Assert.Same(contained, record.References.Resolve<Condition>(new ResourceReference("#local"), order));
        Assert.Null(
            record.References.Resolve<Condition>(
                new ResourceReference("https://other.example.org/fhir/Condition/c1"),
                null
            )
        );
        Assert.Null(record.References.Resolve<Observation>(new ResourceReference("Condition/c1"), null));
    }
}
