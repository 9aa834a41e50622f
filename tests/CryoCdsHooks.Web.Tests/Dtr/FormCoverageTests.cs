using CryoCdsHooks.Web.Dtr;
using CryoCdsHooks.Web.Tests.Docs;
using Microsoft.EntityFrameworkCore;
using Task = System.Threading.Tasks.Task;

namespace CryoCdsHooks.Web.Tests.Dtr;

/// <summary>
/// The forms and the engine agree: whatever an evaluation of any fhir-samples patient leaves open is a question of
/// the form of that order's procedure, so a DTR client can always document it (else the adaptive form could never
/// complete and the package would leave the need out).
/// </summary>
public sealed class FormCoverageTests(CdsServiceFactoryFixture fixture) : IClassFixture<CdsServiceFactoryFixture>
{
    [Fact]
    public async Task Every_missing_code_of_every_sample_is_a_question_of_its_form()
    {
        var requests = Directory.GetFiles(
            Path.Combine(MarkdownDocument.RepositoryRoot(), "fhir-samples"),
            "hook-request.json",
            SearchOption.AllDirectories
        );
        foreach (var request in requests)
        {
            foreach (var hook in new[] { "order-sign", "order-select" })
            {
                var body = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(request))!;
                body["hook"] = hook;
                body["hookInstance"] = Guid.NewGuid().ToString();
                using var _ = await fixture.Client.PostJsonAsync($"/cds-services/cryoablation-{hook}", body);
            }
        }
        var catalog = new QuestionnaireCatalog();

        var stored = await fixture.Factory.QueryAuditAsync(db =>
            db.CoverageAssertions.Where(a => a.QuestionnaireId != null && a.MissingCodes != "")
                .Select(a => new { a.QuestionnaireId, a.MissingCodes })
                .ToListAsync()
        );

        Assert.NotEmpty(stored);
        var unaskable = stored
            .SelectMany(a => a.MissingCodes.Split(' ').Select(code => (Form: a.QuestionnaireId!, Code: code)))
            .Distinct()
            .Where(x => !catalog.Forms.Single(f => f.Id == x.Form).Items.Any(i => i.LinkId == x.Code))
            .ToList();
        Assert.True(unaskable.Count == 0, string.Join(", ", unaskable));
    }
}
