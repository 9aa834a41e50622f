namespace CryoCdsHooks.Web.Dtr;

/// <summary>The UCUM unit a quantity question is answered in.</summary>
public sealed record DocumentationUnit(string System, string Code, string Display);
