using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CryoCdsHooks.PolicyEngine.Documentation;
using CryoCdsHooks.PolicyEngine.Rules;
using CryoCdsHooks.PolicyEngine.Versions;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>
/// Writes the prefill Library (<c>Documentation/Library-mp260-prefill.json</c>) from <see cref="PrefillDefinitions"/>:
/// the CQL text and the ELM come from the same expressions, so they cannot say different things. The committed file
/// must equal <see cref="Generate"/>'s output (<see cref="PrefillLibraryTests"/>); set
/// <c>CRYO_WRITE_PREFILL_LIBRARY=1</c> and run that test to rewrite it.
/// </summary>
internal static class PrefillLibrarySource
{
    public const string Version = "1.0.0";

    /// <summary>ELM nests one object per operator: deeper than System.Text.Json's default of 64.</summary>
    public const int ElmMaxDepth = 1024;

    /// <summary>The definitions a Questionnaire item names (linkId) and the FHIR type of the answer.</summary>
    public static readonly IReadOnlyDictionary<string, string> Answers = new Dictionary<string, string>
    {
        [PrefillDefinitions.Egfr] = "Quantity",
        [MissingInformationCodes.TumorSize.Code] = "Quantity",
        [MissingInformationCodes.SurgicalCandidacy.Code] = "boolean",
        [MissingInformationCodes.ResectionWorsensKidneyFunction.Code] = "boolean",
        [MissingInformationCodes.CentralAirwayObstruction.Code] = "boolean",
        [PrefillDefinitions.SingleKidneyItem] = "boolean",
        [MissingInformationCodes.Histology.Code] = "Coding",
        [MissingInformationCodes.Staging.Code] = "Coding",
    };

    public static string LibraryPath =>
        Path.Combine(
            SamplePatient.RepositoryRoot(),
            "src",
            "CryoCdsHooks.PolicyEngine",
            "Documentation",
            "Library-mp260-prefill.json"
        );

    public static (string Cql, string Elm, string Library) Generate()
    {
        var edition = Policy260Versions.September2024;
        var definitions = PrefillDefinitions.All(edition.Numbers, new PrefillCodes());
        var cql = Cql(definitions, edition);
        var elm = Elm(definitions)
            .ToJsonString(new JsonSerializerOptions { WriteIndented = false, MaxDepth = ElmMaxDepth });
        return (cql, elm, Library(cql, elm, edition));
    }

    private static string Cql(IReadOnlyList<(string Name, CqlExpression Expression)> definitions, PolicyVersion edition)
    {
        var text = new StringBuilder()
            .Append("// Generated from tests/CryoCdsHooks.PolicyEngine.Tests/PrefillCql/PrefillDefinitions.cs\n")
            .Append($"// Medical Policy 260, edition {edition.Version}: the facts the engine reads, for DTR prefill.\n")
            .Append($"library {PrefillLibrary.Name} version '{Version}'\n\n")
            .Append("using FHIR version '4.0.1'\n\n")
            .Append(
                "// The order's date of service (occurrence, else authoredOn); today when the client does not set it.\n"
            )
            .Append($"parameter \"{PrefillDefinitions.DateOfService}\" Date default Today()\n\n")
            .Append("context Patient\n");
        foreach (var (name, expression) in definitions)
            text.Append($"\ndefine \"{name}\":\n  {expression.Text}\n");
        return text.ToString();
    }

    private static JsonObject Elm(IReadOnlyList<(string Name, CqlExpression Expression)> definitions)
    {
        var statements = new JsonArray(
            new JsonObject
            {
                ["name"] = "Patient",
                ["context"] = "Patient",
                ["expression"] = new JsonObject
                {
                    ["type"] = "SingletonFrom",
                    ["operand"] = new JsonObject
                    {
                        ["type"] = "Retrieve",
                        ["dataType"] = "{http://hl7.org/fhir}Patient",
                    },
                },
            }
        );
        foreach (var (name, expression) in definitions)
            statements.Add(
                new JsonObject
                {
                    ["name"] = name,
                    ["context"] = "Patient",
                    ["accessLevel"] = "Public",
                    ["expression"] = expression.Elm.DeepClone(),
                }
            );
        return new JsonObject
        {
            ["library"] = new JsonObject
            {
                ["identifier"] = new JsonObject { ["id"] = PrefillLibrary.Name, ["version"] = Version },
                ["schemaIdentifier"] = new JsonObject { ["id"] = "urn:hl7-org:elm", ["version"] = "r1" },
                ["usings"] = new JsonObject
                {
                    ["def"] = new JsonArray(
                        new JsonObject { ["localIdentifier"] = "System", ["uri"] = "urn:hl7-org:elm-types:r1" },
                        new JsonObject
                        {
                            ["localIdentifier"] = "FHIR",
                            ["uri"] = "http://hl7.org/fhir",
                            ["version"] = "4.0.1",
                        }
                    ),
                },
                ["parameters"] = new JsonObject
                {
                    ["def"] = new JsonArray(
                        new JsonObject
                        {
                            ["name"] = PrefillDefinitions.DateOfService,
                            ["accessLevel"] = "Public",
                            ["default"] = new JsonObject { ["type"] = "Today" },
                            ["parameterTypeSpecifier"] = new JsonObject
                            {
                                ["type"] = "NamedTypeSpecifier",
                                ["name"] = "{urn:hl7-org:elm-types:r1}Date",
                            },
                        }
                    ),
                },
                ["contexts"] = new JsonObject { ["def"] = new JsonArray(new JsonObject { ["name"] = "Patient" }) },
                ["statements"] = new JsonObject { ["def"] = statements },
            },
        };
    }

    private static string Library(string cql, string elm, PolicyVersion edition)
    {
        var parameters = new JsonArray(
            new JsonObject
            {
                ["name"] = PrefillDefinitions.DateOfService,
                ["use"] = "in",
                ["min"] = 0,
                ["max"] = "1",
                ["type"] = "date",
            }
        );
        foreach (var (name, type) in Answers)
            parameters.Add(
                new JsonObject
                {
                    ["name"] = name,
                    ["use"] = "out",
                    ["min"] = 0,
                    // The staging item repeats: its answer is a list.
                    ["max"] = name == PrefillStaging.Item ? "*" : "1",
                    ["type"] = type,
                }
            );
        var library = new JsonObject
        {
            ["resourceType"] = "Library",
            ["id"] = "mp260-prefill",
            ["url"] = PrefillLibrary.Canonical,
            ["version"] = Version,
            ["name"] = PrefillLibrary.Name,
            ["title"] = "Medical Policy 260: prefill of the documentation Questionnaires",
            ["status"] = "active",
            ["type"] = new JsonObject
            {
                ["coding"] = new JsonArray(
                    new JsonObject
                    {
                        ["system"] = "http://terminology.hl7.org/CodeSystem/library-type",
                        ["code"] = "logic-library",
                    }
                ),
            },
            ["description"] =
                $"CQL that prefills the DTR Questionnaires of Medical Policy 260 (edition {edition.Version}) from the "
                + "chart: one definition per item, named after the item's linkId, reading the facts the payer's engine "
                + "reads. Set the parameter DateOfService to the order's date of service.",
            ["parameter"] = parameters,
            ["dataRequirement"] = new JsonArray(
                new JsonObject { ["type"] = "Observation" },
                new JsonObject { ["type"] = "Condition" },
                new JsonObject { ["type"] = "Procedure" },
                new JsonObject { ["type"] = "DiagnosticReport" }
            ),
            ["content"] = new JsonArray(Content("text/cql", cql), Content("application/elm+json", elm)),
        };
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return library.ToJsonString(options).ReplaceLineEndings("\n") + "\n";
    }

    private static JsonObject Content(string contentType, string text) =>
        new() { ["contentType"] = contentType, ["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)) };
}
