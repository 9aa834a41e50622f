using CryoCdsHooks.PolicyEngine.Rules;
using CryoCdsHooks.PolicyEngine.Terminology;
using static CryoCdsHooks.PolicyEngine.Tests.PrefillCql.CqlExpression;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>
/// <c>histology</c> (a Coding of mp260-answer-lung-histology), for the common shape only: the current Conditions
/// coded with the engine's NSCLC / SCLC value sets name one kind, and the answer is the first such coding.
/// LungCryoablationRules also reads the mCODE histology extension, report conclusions and lung tumours of another kind
/// (in situ, carcinoid); when the record holds any of them this CQL leaves the item to the clinician.
/// </summary>
internal static class PrefillHistology
{
    public static string Item => MissingInformationCodes.Histology.Code;

    private static readonly string[] Kinds = [ValueSetIds.Nsclc, ValueSetIds.Sclc];
    private static readonly string[] LungKinds = [.. Kinds, ValueSetIds.LungOther];

    public static IEnumerable<(string, CqlExpression)> Definitions(PrefillCodes codes)
    {
        yield return (
            "LungHistologyCodings",
            Ref("CurrentConditions")
                .Query("Cond", returns: c =>
                    c.Prop("code")
                        .Prop("coding")
                        .Query("Cd", cd => Kinds.Select(vs => codes.CodingIn(cd, vs)).Aggregate((a, b) => a.Or(b)))
                )
                .Flatten()
        );
        var kinds = Ref("LungHistologyCodings")
            .Query("Cd", returns: cd => If(codes.CodingIn(cd, ValueSetIds.Sclc), Str("SCLC"), Str("NSCLC")))
            .Distinct();
        // Sources the engine weighs that this CQL does not: any of them may name another kind, or the tumour's own.
        var mcodeHistology = Retrieve("Condition").Query("Cond", PrefillDefinitions.HasMcodeHistology).Exists();
        var reportedHistology = Retrieve("DiagnosticReport")
            .Query("D", d =>
                d.Prop("conclusionCode")
                    .Query("Cc", cc => LungKinds.Select(vs => codes.Matches(cc, vs)).Aggregate((a, b) => a.Or(b)))
                    .Exists()
            )
            .Exists();
        var otherLungTumor = Ref("CurrentConditions")
            .Query("Cond", c => codes.Matches(c.Prop("code"), ValueSetIds.LungOther))
            .Exists();
        yield return ("LungHistologyElsewhere", mcodeHistology.Or(reportedHistology).Or(otherLungTumor));
        yield return (
            Item,
            If(
                Ref("LungHistologyElsewhere").Not().And(kinds.Count().EqualTo(Int(1))),
                Ref("LungHistologyCodings").First(),
                Null
            )
        );
    }
}
