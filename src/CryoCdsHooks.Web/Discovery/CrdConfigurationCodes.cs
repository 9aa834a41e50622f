namespace CryoCdsHooks.Web.Discovery;

/// <summary>Codes of the configuration options; card-type codes come from the CRD cardType value set.</summary>
public static class CrdConfigurationCodes
{
    public const string CoverageCard = "coverage-info";
    public const string AlternativesCard = "therapy-alternatives-opt";
    public const string MaxCards = "max-cards";
}
