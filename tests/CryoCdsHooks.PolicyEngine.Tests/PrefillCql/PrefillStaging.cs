using CryoCdsHooks.PolicyEngine.Rules;
using CryoCdsHooks.PolicyEngine.Terminology;
using static CryoCdsHooks.PolicyEngine.Tests.PrefillCql.CqlExpression;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>
/// <c>staging</c> (repeating Codings of mp260-staging-values), for the common shape only: the N and M categories,
/// each from the one final N / M Observation of the record with one coding of the answer ValueSet. The recorded stage
/// groups are cancerstaging.org codes, which the answer ValueSet does not hold, so the group is not prefilled.
/// StagingExtractor also reads Condition.stage, stage groups written as T/N/M text, several Observations per axis
/// (the latest day decides) and metastasis Conditions: when the record holds any of them the item is left empty.
/// </summary>
internal static class PrefillStaging
{
    public static string Item => MissingInformationCodes.Staging.Code;

    private static readonly string[] Axes =
    [
        ValueSetIds.StageGroup,
        ValueSetIds.TCategory,
        ValueSetIds.NCategory,
        ValueSetIds.MCategory,
    ];

    private static readonly string[] StagedKinds =
    [
        ValueSetIds.RenalCellCarcinoma,
        ValueSetIds.LungCancerPrimary,
        ValueSetIds.Nsclc,
        ValueSetIds.Sclc,
    ];
    private static readonly string[] OtherKinds =
    [
        ValueSetIds.KidneyTumorNonRcc,
        ValueSetIds.KidneyHistologyNonRcc,
        ValueSetIds.LungOther,
    ];

    public static IEnumerable<(string, CqlExpression)> Definitions(PrefillCodes codes)
    {
        CqlExpression Staged(CqlExpression observations) =>
            observations.Query("O", o =>
                Axes.Select(vs => codes.Matches(o.Prop("code"), vs)).Aggregate((a, b) => a.Or(b))
            );
        yield return ("StagingObservations", Staged(Retrieve("Observation")));
        foreach (var (name, axis) in new[] { ("N", ValueSetIds.NCategory), ("M", ValueSetIds.MCategory) })
        {
            yield return (
                $"Staging{name}Observations",
                Ref("StagingObservations").Query("O", o => codes.Matches(o.Prop("code"), axis))
            );
            yield return (
                $"Staging{name}Codings",
                Ref($"Staging{name}Observations")
                    .Query("O", returns: o =>
                        o.Prop("value")
                            .As("CodeableConcept")
                            .Prop("coding")
                            .Query("Cd", cd => codes.CodingIn(cd, ValueSetIds.StagingValues))
                    )
                    .Flatten()
            );
        }
        // Every staging Observation final and unmodified, one per N / M axis, one answer coding each.
        var oneEach = new[] { "N", "M" }
            .Select(n =>
                Ref($"Staging{n}Observations")
                    .Count()
                    .EqualTo(Int(1))
                    .And(Ref($"Staging{n}Codings").Count().EqualTo(Int(1)))
            )
            .Aggregate((a, b) => a.And(b));
        var allFinal = Ref("StagingObservations").Count().EqualTo(Staged(Ref("FinalObservations")).Count());
        // One current tumour the policy stages (RCC, primary lung cancer), none of another kind, no histology or
        // pathology conclusion that may make it one: the engine stages only the order's RCC or primary lung cancer.
        var staged = Ref("CurrentConditions")
            .Query("Cond", c =>
                StagedKinds.Select(vs => codes.Matches(c.Prop("code"), vs)).Aggregate((a, b) => a.Or(b))
            );
        var otherKind = Ref("CurrentConditions")
            .Query("Cond", c => OtherKinds.Select(vs => codes.Matches(c.Prop("code"), vs)).Aggregate((a, b) => a.Or(b)))
            .Exists();
        var histology = Retrieve("Condition").Query("Cond", PrefillDefinitions.HasMcodeHistology).Exists();
        var concluded = Retrieve("DiagnosticReport").Query("D", d => d.Prop("conclusionCode").Exists()).Exists();
        yield return (
            "StagedTumorAlone",
            staged.Count().EqualTo(Int(1)).And(otherKind.Or(histology).Or(concluded).Not())
        );
        // Sources the engine weighs that this CQL does not: a stage on a Condition, a metastasis.
        var conditionStage = Retrieve("Condition").Query("Cond", c => c.Prop("stage").Exists()).Exists();
        var metastasis = Retrieve("Condition")
            .Query("Cond", c => codes.Matches(c.Prop("code"), ValueSetIds.SecondaryMalignancy))
            .Exists();
        yield return ("StagingElsewhere", conditionStage.Or(metastasis));
        yield return (
            Item,
            If(
                Ref("StagedTumorAlone").And(Ref("StagingElsewhere").Not()).And(oneEach).And(allFinal),
                List([Ref("StagingNCodings").First(), Ref("StagingMCodings").First()]),
                Null
            )
        );
    }
}
