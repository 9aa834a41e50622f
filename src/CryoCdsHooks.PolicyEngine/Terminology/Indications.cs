namespace CryoCdsHooks.PolicyEngine.Terminology;

/// <summary>Indication keys used in <c>alternatives.json</c>.</summary>
public static class Indications
{
    public const string Kidney = "kidney";
    public const string LungNsclcInoperable = "lung-nsclc-inoperable";
    public const string LungSurgicalCandidate = "lung-surgical-candidate";
    public const string LungAdvanced = "lung-advanced";
    public const string LungMetastasis = "lung-metastasis";
    public const string LungSclc = "lung-sclc";
    public const string LungOther = "lung-other";
    public const string BreastCancer = "breast-cancer";
    public const string Fibroadenoma = "fibroadenoma";
    public const string Bone = "bone";
}
