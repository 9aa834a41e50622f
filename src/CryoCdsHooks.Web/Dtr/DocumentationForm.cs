using CryoCdsHooks.PolicyEngine;
using CryoCdsHooks.PolicyEngine.Documentation;

namespace CryoCdsHooks.Web.Dtr;

/// <summary>The questions one procedure class needs, in the order a clinician answers them.</summary>
public sealed record DocumentationForm(ProcedureClass Procedure, string Title, IReadOnlyList<DocumentationItem> Items)
{
    public string Id => DocumentationQuestionnaires.IdFor(Procedure);
    public string Canonical => DocumentationQuestionnaires.CanonicalFor(Procedure);
}
