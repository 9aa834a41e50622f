using Hl7.Fhir.Model;

namespace CryoCdsHooks.PolicyEngine.Tests.TestData;

internal static class Engine
{
    public static readonly Policy260Engine Instance = new();

    /// <summary>Evaluates every order with the others as the draftOrders context.</summary>
    public static IReadOnlyList<CoverageDetermination> Evaluate(RecordBuilder record, params ServiceRequest[] orders) =>
        Instance.Evaluate(orders, orders, record.Build(), RecordBuilder.OrderDate);

    public static CoverageDetermination Single(RecordBuilder record, ServiceRequest order) =>
        Assert.Single(Evaluate(record, order));

    public static CoverageDetermination Single(RecordBuilder record, string cpt) => Single(record, Orders.For(cpt));

    public static CriterionStatus StatusOf(this CoverageDetermination determination, string criterionId) =>
        Assert.Single(determination.Criteria, c => c.Id == criterionId).Status;

    public static IReadOnlyList<string> MissingCodes(this CoverageDetermination determination) =>
        determination.Missing.Select(m => m.Code).ToList();
}
