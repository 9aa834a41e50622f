using System.Globalization;
using System.Text.Json.Nodes;

namespace CryoCdsHooks.PolicyEngine.Tests.PrefillCql;

/// <summary>
/// One CQL expression held in both of its forms at once: the CQL text and the ELM (JSON) a CQL-to-ELM translator
/// would produce for it. Every factory builds the two side by side, so a definition cannot be written in one form
/// only (docs/dtr.md, "Prefill CQL: one source, two forms"). Compound text is fully parenthesised: the text never
/// relies on operator precedence that the ELM tree does not show.
/// </summary>
internal sealed record CqlExpression(string Text, JsonObject Elm)
{
    private const string SystemNs = "{urn:hl7-org:elm-types:r1}";
    private const string FhirNs = "{http://hl7.org/fhir}";

    public static CqlExpression Str(string value) =>
        new($"'{value.Replace("\\", "\\\\").Replace("'", "\\'")}'", Literal("String", value));

    public static CqlExpression Dec(decimal value)
    {
        var text = value.ToString("0.0###########", CultureInfo.InvariantCulture);
        return new(text, Literal("Decimal", text));
    }

    public static CqlExpression Int(int value) =>
        new(
            value.ToString(CultureInfo.InvariantCulture),
            Literal("Integer", value.ToString(CultureInfo.InvariantCulture))
        );

    public static CqlExpression Bool(bool value) =>
        new(value ? "true" : "false", Literal("Boolean", value ? "true" : "false"));

    public static CqlExpression Null => new("null", Node("Null"));

    public static CqlExpression List(IEnumerable<CqlExpression> items)
    {
        var list = items.ToList();
        return new(
            $"{{ {string.Join(", ", list.Select(i => i.Text))} }}",
            Node("List", ("element", new JsonArray([.. list.Select(i => (JsonNode)i.Elm.DeepClone())])))
        );
    }

    public static CqlExpression Strings(IEnumerable<string> values) => List(values.Select(Str));

    public static CqlExpression Ref(string definition) =>
        new($"\"{definition}\"", Node("ExpressionRef", ("name", definition)));

    public static CqlExpression Parameter(string name) => new($"\"{name}\"", Node("ParameterRef", ("name", name)));

    public static CqlExpression Alias(string name) => new(name, Node("AliasRef", ("name", name)));

    public static CqlExpression Retrieve(string fhirType) =>
        new($"[{fhirType}]", Node("Retrieve", ("dataType", FhirNs + fhirType)));

    public CqlExpression Prop(string path) =>
        new($"{Text}.{Quoted(path)}", Node("Property", ("path", path), ("source", Elm)));

    /// <summary>The System value of a FHIR primitive element (no FHIRHelpers: the CQL reads <c>.value</c>).</summary>
    public CqlExpression Value(string path) => Prop(path).Prop("value");

    public CqlExpression As(string fhirType) =>
        new($"({Text} as FHIR.{fhirType})", Node("As", ("asType", FhirNs + fhirType), ("operand", Elm)));

    public CqlExpression And(CqlExpression other) => Binary("And", "and", other);

    public CqlExpression Or(CqlExpression other) => Binary("Or", "or", other);

    public CqlExpression EqualTo(CqlExpression other) => Binary("Equal", "=", other);

    public CqlExpression LessOrEqual(CqlExpression other) => Binary("LessOrEqual", "<=", other);

    public CqlExpression GreaterOrEqual(CqlExpression other) => Binary("GreaterOrEqual", ">=", other);

    public CqlExpression Greater(CqlExpression other) => Binary("Greater", ">", other);

    public CqlExpression Times(CqlExpression other) => Binary("Multiply", "*", other);

    public CqlExpression DividedBy(CqlExpression other) => Binary("Divide", "/", other);

    /// <summary>String concatenation (CQL <c>+</c> on strings is Concatenate).</summary>
    public CqlExpression Plus(CqlExpression other) =>
        new(
            $"({Text} + {other.Text})",
            Node("Concatenate", ("operand", new JsonArray(Elm.DeepClone(), other.Elm.DeepClone())))
        );

    public CqlExpression EndsWith(CqlExpression suffix) => Call("EndsWith", this, suffix);

    /// <summary>Whether the whole string matches the regular expression.</summary>
    public CqlExpression Matches(CqlExpression pattern) => Call("Matches", this, pattern);

    public CqlExpression In(CqlExpression list) => Binary("In", "in", list);

    public CqlExpression Union(CqlExpression other) => Binary("Union", "union", other);

    public CqlExpression Not() => new($"(not {Text})", Node("Not", ("operand", Elm)));

    public CqlExpression IsNull() => new($"({Text} is null)", Node("IsNull", ("operand", Elm)));

    public CqlExpression IsNotNull() => new($"({Text} is not null)", Node("Not", ("operand", IsNull().Elm)));

    public CqlExpression Exists() => new($"(exists {Text})", Node("Exists", ("operand", Elm)));

    public CqlExpression DateFrom() => new($"(date from {Text})", Node("DateFrom", ("operand", Elm)));

    public CqlExpression MinusDays(int days) =>
        new(
            $"({Text} - {days.ToString(CultureInfo.InvariantCulture)} days)",
            Node(
                "Subtract",
                ("operand", new JsonArray(Elm.DeepClone(), Node("Quantity", ("value", days), ("unit", "days"))))
            )
        );

    public CqlExpression First() => Aggregate("First");

    public CqlExpression Last() => Aggregate("Last");

    public CqlExpression Max() => Aggregate("Max");

    public CqlExpression Count() => Aggregate("Count");

    public CqlExpression Distinct() => new($"(distinct {Text})", Node("Distinct", ("operand", Elm)));

    public CqlExpression Flatten() => new($"(flatten {Text})", Node("Flatten", ("operand", Elm)));

    public CqlExpression Lower() => new($"Lower({Text})", Node("Lower", ("operand", Elm)));

    public CqlExpression Upper() => new($"Upper({Text})", Node("Upper", ("operand", Elm)));

    public CqlExpression StartsWith(string prefix) => Call("StartsWith", this, Str(prefix));

    public CqlExpression ReplaceMatches(string pattern, string substitution) =>
        Call("ReplaceMatches", this, Str(pattern), Str(substitution));

    public static CqlExpression Coalesce(params CqlExpression[] operands) => Call("Coalesce", operands);

    public static CqlExpression If(CqlExpression condition, CqlExpression then, CqlExpression otherwise) =>
        new(
            $"(if {condition.Text} then {then.Text} else {otherwise.Text})",
            Node("If", ("condition", condition.Elm), ("then", then.Elm), ("else", otherwise.Elm))
        );

    public static CqlExpression Tuple(params (string Name, CqlExpression Value)[] elements) =>
        new(
            $"Tuple {{ {string.Join(", ", elements.Select(e => $"{e.Name}: {e.Value.Text}"))} }}",
            Node("Tuple", ("element", Elements(elements)))
        );

    /// <summary>A System.Quantity (what an initialExpression of a quantity item returns).</summary>
    public static CqlExpression Quantity(CqlExpression value, string unit) =>
        new(
            $"System.Quantity {{ value: {value.Text}, unit: {Str(unit).Text} }}",
            Node(
                "Instance",
                ("classType", SystemNs + "Quantity"),
                ("element", Elements([("value", value), ("unit", Str(unit))]))
            )
        );

    /// <summary>
    /// <c>(source alias where … return all … sort by …)</c>; <paramref name="sortBy"/> names tuple elements of the
    /// returned values, ascending.
    /// </summary>
    public CqlExpression Query(
        string alias,
        Func<CqlExpression, CqlExpression>? where = null,
        Func<CqlExpression, CqlExpression>? returns = null,
        params string[] sortBy
    )
    {
        var self = Alias(alias);
        var filter = where?.Invoke(self);
        var result = returns?.Invoke(self);
        var text =
            $"({Text} {alias}"
            + (filter is null ? "" : $"\n      where {filter.Text}")
            + (result is null ? "" : $"\n      return all {result.Text}")
            + (sortBy.Length == 0 ? "" : $"\n      sort by {string.Join(", ", sortBy.Select(s => s + " asc"))}")
            + ")";
        var elm = Node(
            "Query",
            ("source", new JsonArray(new JsonObject { ["alias"] = alias, ["expression"] = Elm.DeepClone() }))
        );
        elm["relationship"] = new JsonArray();
        if (filter is not null)
            elm["where"] = filter.Elm.DeepClone();
        if (result is not null)
            elm["return"] = new JsonObject { ["distinct"] = false, ["expression"] = result.Elm.DeepClone() };
        if (sortBy.Length > 0)
        {
            var by = sortBy.Select(s =>
                (JsonNode)
                    new JsonObject
                    {
                        ["type"] = "ByColumn",
                        ["direction"] = "asc",
                        ["path"] = s,
                    }
            );
            elm["sort"] = new JsonObject { ["by"] = new JsonArray([.. by]) };
        }
        return new(text, elm);
    }

    /// <summary>CQL keywords a FHIR element may be named after (Period.start / end) are written quoted.</summary>
    private static string Quoted(string identifier) =>
        identifier is "start" or "end" ? $"\"{identifier}\"" : identifier;

    private CqlExpression Binary(string elmType, string op, CqlExpression other) =>
        new(
            $"({Text} {op} {other.Text})",
            Node(elmType, ("operand", new JsonArray(Elm.DeepClone(), other.Elm.DeepClone())))
        );

    private CqlExpression Aggregate(string name) => new($"{name}({Text})", Node(name, ("source", Elm)));

    private static CqlExpression Call(string name, params CqlExpression[] operands) =>
        new(
            $"{name}({string.Join(", ", operands.Select(o => o.Text))})",
            Node(name, ("operand", new JsonArray([.. operands.Select(o => (JsonNode)o.Elm.DeepClone())])))
        );

    private static JsonArray Elements(IEnumerable<(string Name, CqlExpression Value)> elements) =>
        new([
            .. elements.Select(e =>
                (JsonNode)new JsonObject { ["name"] = e.Name, ["value"] = e.Value.Elm.DeepClone() }
            ),
        ]);

    private static JsonObject Literal(string type, string value) =>
        Node("Literal", ("valueType", SystemNs + type), ("value", value));

    private static JsonObject Node(string type, params (string Name, JsonNode? Value)[] members)
    {
        var node = new JsonObject { ["type"] = type };
        foreach (var (name, value) in members)
            node[name] = value?.DeepClone();
        return node;
    }
}
