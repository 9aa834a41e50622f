using Hl7.Fhir.Model;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>The CapabilityStatement of the DTR payer endpoints under /fhir (GET /fhir/metadata).</summary>
public static class DtrCapabilityStatement
{
    public static CapabilityStatement Build(string baseUrl, DateTimeOffset date) =>
        new()
        {
            Id = "cryocdshooks-dtr",
            Url = baseUrl + "/fhir/metadata",
            Name = "CryoCdsHooksDtrPayerService",
            Title = "CryoCdsHooks DTR payer service (Medical Policy 260)",
            Status = PublicationStatus.Active,
            DateElement = new FhirDateTime(date),
            Publisher = "CryoCdsHooks",
            Kind = CapabilityStatementKind.Instance,
            Instantiates = ["http://hl7.org/fhir/us/davinci-dtr/CapabilityStatement/dtr-payer-service"],
            Implementation = new CapabilityStatement.ImplementationComponent
            {
                Description = "Da Vinci DTR 2.0.1 payer service for the documentation Medical Policy 260 needs",
                Url = baseUrl + "/fhir",
            },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json"],
            ImplementationGuide = ["http://hl7.org/fhir/us/davinci-dtr/ImplementationGuide/hl7.fhir.us.davinci-dtr"],
            Rest =
            [
                new CapabilityStatement.RestComponent
                {
                    Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                    Security = new CapabilityStatement.SecurityComponent
                    {
                        Description =
                            "Every operation needs the bearer JWT of a trusted CDS client, as the CDS Hooks calls do "
                            + "(CDS Hooks 2.0 'Trusting CDS Clients': signed with a key of the client's JWKS, aud = "
                            + "the operation's URL, fresh jti). A coverage-assertion-id (context) or order is read "
                            + "only "
                            + "by the client whose hook call produced it. GET /fhir/metadata is open.",
                    },
                    Resource =
                    [
                        new CapabilityStatement.ResourceComponent
                        {
                            Type = "Questionnaire",
                            SupportedProfile =
                            [
                                QuestionnaireBuilder.StandardProfile,
                                QuestionnaireBuilder.AdaptiveProfile,
                            ],
                            Operation =
                            [
                                Operation(
                                    "questionnaire-package",
                                    "http://hl7.org/fhir/us/davinci-dtr/OperationDefinition/questionnaire-package"
                                ),
                                Operation(
                                    "next-question",
                                    "http://hl7.org/fhir/uv/sdc/OperationDefinition/Questionnaire-next-question"
                                ),
                            ],
                        },
                        new CapabilityStatement.ResourceComponent
                        {
                            Type = "ValueSet",
                            Operation =
                            [
                                Operation("expand", "http://hl7.org/fhir/OperationDefinition/ValueSet-expand"),
                            ],
                        },
                    ],
                },
            ],
        };

    private static CapabilityStatement.OperationComponent Operation(string name, string definition) =>
        new() { Name = name, Definition = definition };
}
