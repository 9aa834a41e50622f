using System.Text;

namespace CryoCdsHooks.WhatIf.Tests;

/// <summary>The tool's work grows with the record like the service's: linearly.</summary>
[Collection(nameof(AllocationMeasurement))]
public sealed class WhatIfScaleTests
{
    [Fact]
    public async Task A_record_of_20000_conditions_is_answered_with_work_linear_in_its_size()
    {
        var (quarterAnswer, quarter) = await RunMeasuredAsync(PatientWithConditions(5_000));
        var (fullAnswer, full) = await RunMeasuredAsync(PatientWithConditions(20_000));

        Assert.Contains("Determination:", quarterAnswer, StringComparison.Ordinal);
        Assert.Contains("Determination:", fullAnswer, StringComparison.Ordinal);
        // Four times the conditions: linear work allocates about four times as much (less, with the fixed part);
        // a step quadratic in the conditions would allocate sixteen times as much.
        Assert.True(full < 5 * quarter, $"5,000 conditions: {quarter / 1e6:0} MB allocated; 20,000: {full / 1e6:0} MB");
    }

    private static async Task<(string Output, long Allocated)> RunMeasuredAsync(string bundle)
    {
        var output = new StringWriter();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var code = await WhatIfCommand.RunAsync(
            ["--cpt", "50593", "--date", "2026-11-20"],
            new StringReader(bundle),
            output,
            TextWriter.Null
        );
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(WhatIfCommand.Ok, code);
        return (output.ToString(), allocated);
    }

    /// <summary>
    /// A patient with many active, confirmed renal cell carcinoma Conditions, as a collection Bundle.
    /// </summary>
    private static string PatientWithConditions(int count)
    {
        var json = new StringBuilder(
            """
            {"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p1",
              "birthDate":"1960-01-01"}}
            """
        );
        for (var i = 0; i < count; i++)
        {
            json.Append(",{\"fullUrl\":\"https://ehr.example.org/fhir/Condition/c")
                .Append(i)
                .Append("\",\"resource\":{\"resourceType\":\"Condition\",\"id\":\"c")
                .Append(i)
                .Append("\",\"subject\":{\"reference\":\"Patient/p1\"},")
                .Append(
                    "\"clinicalStatus\":{\"coding\":[{\"code\":\"active\","
                        + "\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\"}]},"
                )
                .Append(
                    "\"verificationStatus\":{\"coding\":[{\"code\":\"confirmed\","
                        + "\"system\":\"http://terminology.hl7.org/CodeSystem/condition-ver-status\"}]},"
                )
                .Append("\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"C64.")
                .Append(1 + (i % 2))
                .Append("\"}]},\"recordedDate\":\"2026-0")
                .Append(1 + (i % 9))
                .Append("-01\"}}");
        }
        return json.Append("]}").ToString();
    }
}
