namespace CryoCdsHooks.PolicyEngine.Terminology;

/// <summary>Ids of the embedded policy value sets (file <c>ValueSet-&lt;id&gt;.json</c>).</summary>
public static class ValueSetIds
{
    public const string CptRenalCryo = "mp260-cpt-renal-cryo";
    public const string CptLungCryo = "mp260-cpt-lung-cryo";
    public const string CptGuidance = "mp260-cpt-guidance";
    public const string CptBreastCancerCryo = "mp260-cpt-breast-cancer-cryo";
    public const string CptFibroadenomaCryo = "mp260-cpt-fibroadenoma-cryo";
    public const string CptBoneCryo = "mp260-cpt-bone-cryo";
    public const string CptGuidanceIncluded = "mp260-cpt-guidance-included";
    public const string TotalNephrectomy = "mp260-procedure-total-nephrectomy";
    public const string Dialysis = "mp260-procedure-dialysis";

    public const string RenalCellCarcinoma = "mp260-dx-renal-cell-carcinoma";
    public const string KidneyTumorNonRcc = "mp260-dx-kidney-tumor-non-rcc";
    public const string KidneyHistologyNonRcc = "mp260-histology-kidney-non-rcc";
    public const string MetastasisToKidney = "mp260-dx-metastasis-to-kidney";
    public const string KidneyMassSuspected = "mp260-dx-kidney-mass-suspected";
    public const string LungCancerPrimary = "mp260-dx-lung-cancer-primary";
    public const string Nsclc = "mp260-dx-nsclc";
    public const string Sclc = "mp260-dx-sclc";
    public const string LungMetastasis = "mp260-dx-lung-metastasis";
    public const string LungOther = "mp260-dx-lung-other";
    public const string CentralAirwaySite = "mp260-dx-central-airway-site";
    public const string CentralAirwayObstructionSupporting = "mp260-dx-central-airway-obstruction-supporting";
    public const string BreastCancer = "mp260-dx-breast-cancer";
    public const string Fibroadenoma = "mp260-dx-fibroadenoma";
    public const string Fibroadenosis = "mp260-dx-fibroadenosis";
    public const string PancreasCancer = "mp260-dx-pancreas-cancer";
    public const string BoneCancerPrimary = "mp260-dx-bone-cancer-primary";
    public const string BoneMetastasis = "mp260-dx-bone-metastasis";
    public const string LiverCancer = "mp260-dx-liver-cancer";
    public const string ProstateCancer = "mp260-dx-prostate-cancer";
    public const string SecondaryMalignancy = "mp260-dx-secondary-malignancy";
    public const string CancerHistory = "mp260-dx-cancer-history";
    public const string CkdStage3To5 = "mp260-dx-ckd-stage-3-to-5";
    public const string SingleKidney = "mp260-dx-single-kidney";
    public const string KidneyTransplant = "mp260-dx-kidney-transplant";
    public const string ProcedureContraindicated = "mp260-procedure-contraindicated";
    public const string LateralityRight = "mp260-laterality-right";
    public const string LateralityLeft = "mp260-laterality-left";
    public const string LateralityBoth = "mp260-laterality-both";

    public const string Egfr = "mp260-obs-egfr";
    public const string PanelsWithEgfr = "mp260-obs-panels-with-egfr";
    public const string EgfrPreferred = "mp260-obs-egfr-preferred";
    public const string EgfrRaceNeutral = "mp260-obs-egfr-race-neutral";
    public const string EgfrPediatric = "mp260-obs-egfr-pediatric";
    public const string TumorSize = "mp260-obs-tumor-size";
    public const string TumorSizeMaximumDimension = "mp260-obs-tumor-size-maximum-dimension";
    public const string StageGroup = "mp260-obs-stage-group";
    public const string TCategory = "mp260-obs-t-category";
    public const string NCategory = "mp260-obs-n-category";
    public const string MCategory = "mp260-obs-m-category";
    public const string PerformanceStatus = "mp260-obs-performance-status";
    public const string StagingValues = "mp260-staging-values";
    public const string Attestation = "mp260-attestation";

    /// <summary>Value sets whose codes appear as <c>Observation.code</c>.</summary>
    public static readonly IReadOnlyList<string> ObservationCodeSets =
    [
        Egfr,
        PanelsWithEgfr,
        TumorSize,
        StageGroup,
        TCategory,
        NCategory,
        MCategory,
        PerformanceStatus,
        Attestation,
        ProcedureContraindicated,
    ];
}
