using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CryoCdsHooks.Web.Hooks.Wire;

namespace CryoCdsHooks.Web.Tests.Hooks;

public sealed class CdsHooksWireTests
{
    private static readonly FhirExtension Ours = new("http://example.org/ours") { ValueCode = "covered" };

    [Fact]
    public void Update_resource_keeps_the_draft_as_received_and_appends_our_extension_to_its_own()
    {
        const string draft = """
            {"resourceType":"ServiceRequest","id":"o1","extension":[{"url":"http://example.org/theirs",
              "valueString":"x"}],
             "futureElement":{"kept":true},"status":"draft"}
            """;
        using var document = JsonDocument.Parse(draft);

        var written = JsonNode
            .Parse(Encoding.UTF8.GetString(FhirResourceJson.WithExtension(document.RootElement, Ours).Utf8.Span))!
            .AsObject();

        var extensions = written["extension"]!.AsArray();
        Assert.Equal(
            ["http://example.org/theirs", "http://example.org/ours"],
            extensions.Select(e => (string)e!["url"]!)
        );
        Assert.Equal("covered", (string)extensions[1]!["valueCode"]!);
        written.Remove("extension");
        var expected = JsonNode.Parse(draft)!.AsObject();
        expected.Remove("extension");
        Assert.True(JsonNode.DeepEquals(expected, written), written.ToJsonString());
    }

    [Fact]
    public void Update_resource_gets_an_extension_array_when_the_draft_has_none()
    {
        using var document = JsonDocument.Parse("""{"resourceType":"ServiceRequest","id":"o1"}""");

        var written = JsonNode.Parse(
            Encoding.UTF8.GetString(FhirResourceJson.WithExtension(document.RootElement, Ours).Utf8.Span)
        )!;

        Assert.Equal("http://example.org/ours", (string)written["extension"]!.AsArray().Single()!["url"]!);
        Assert.Equal("o1", (string)written["id"]!);
    }

    [Fact]
    public void Response_uses_the_cds_hooks_member_names_and_leaves_out_what_is_absent()
    {
        var card = new CdsCard
        {
            Uuid = "u1",
            Summary = "s",
            Indicator = "info",
            Source = new CdsSource("Payer", null, new CdsCoding("http://t", "coverage-info")),
            Suggestions =
            [
                new CdsSuggestion(
                    "Order x",
                    "u2",
                    IsRecommended: false,
                    [CdsAction.Delete("Remove", "ServiceRequest/o1")]
                ),
            ],
            SelectionBehavior = "at-most-one",
            Extension = new CdsCardExtension([new FhirReference("ServiceRequest/o1")]),
        };

        var json = JsonNode.Parse(new CdsResponse([card], null).ToJsonString())!.AsObject();

        Assert.False(json.ContainsKey("systemActions"));
        var written = json["cards"]!.AsArray().Single()!.AsObject();
        Assert.Equal(
            ["uuid", "summary", "indicator", "source", "suggestions", "selectionBehavior", "extension"],
            written.Select(p => p.Key)
        );
        Assert.Equal(["label", "topic"], written["source"]!.AsObject().Select(p => p.Key));
        Assert.Equal(
            "ServiceRequest/o1",
            (string)written["extension"]!["davinci-crd.associated-resource"]![0]!["reference"]!
        );
        var suggestion = written["suggestions"]![0]!.AsObject();
        Assert.False((bool)suggestion["isRecommended"]!);
        var delete = suggestion["actions"]![0]!.AsObject();
        Assert.Equal(["type", "description", "resourceId"], delete.Select(p => p.Key));
    }
}
