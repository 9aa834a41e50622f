using System.Formats.Tar;
using System.IO.Compression;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace CryoCdsHooks.Web.Tests.Dtr;

/// <summary>
/// The Firely validator with the DTR 2.0.1, CRD 2.0.1 and US Core 3.1.1 packages read offline from Dtr/igs and the
/// R4 core definitions from specification.zip. SDC 3.0.0 and the extensions pack, which DTR depends on, are not
/// there: the DTR profiles' snapshots already hold what they take from SDC, so their base is set to the core
/// resource and their slices for SDC-defined extensions are left out (such extensions get a warning, never an
/// error). Everything else in the DTR profiles is checked (docs/dtr.md, Testing).
/// </summary>
public sealed class DtrProfileValidator
{
    private static readonly string[] Packages = ["davinci-dtr-2.0.1.tgz", "davinci-crd-2.0.1.tgz", "us-core-3.1.1.tgz"];
    private static readonly Lazy<DtrProfileValidator> LazyInstance = new(() => new DtrProfileValidator());
    private readonly Validator _validator;

    public static DtrProfileValidator Instance => LazyInstance.Value;

    private DtrProfileValidator()
    {
        var igs = IgDirectory();
        var definitions = Packages.SelectMany(p => PackageResources(Path.Combine(igs, p))).ToList();
        var core = ZipSource.CreateValidationSource();
        var known = definitions.OfType<StructureDefinition>().Select(d => d.Url!).ToHashSet();
        foreach (var profile in definitions.OfType<StructureDefinition>().Where(d => d.Snapshot is not null))
            WithoutUnavailableDependencies(profile, url =>
                known.Contains(url) || core.ResolveByCanonicalUri(url) is not null
            );
        var resolver = new CachedResolver(new MultiResolver(new InMemoryResourceResolver(definitions), core));
        _validator = new Validator(resolver, new LocalTerminologyService(resolver));
    }

    /// <summary>The error and fatal issues of validating <paramref name="resource"/> against the profile.</summary>
    public IReadOnlyList<string> Errors(Resource resource, string profile) =>
        _validator
            .Validate(resource, profile)
            .Issue.Where(i =>
                i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal
            )
            .Select(i => $"{string.Join(",", i.Expression)}: {i.Details?.Text ?? i.Diagnostics}")
            .ToList();

    /// <summary>Fails the test with every error when <paramref name="resource"/> does not conform.</summary>
    public void AssertConforms(Resource resource, string profile)
    {
        var errors = Errors(resource, profile);
        Assert.True(errors.Count == 0, $"{resource.TypeName} vs {profile}:\n" + string.Join("\n", errors));
    }

    private static void WithoutUnavailableDependencies(StructureDefinition profile, Func<string, bool> resolvable)
    {
        if (profile.BaseDefinition?.StartsWith("http://hl7.org/fhir/uv/", StringComparison.Ordinal) == true)
            profile.BaseDefinition = "http://hl7.org/fhir/StructureDefinition/" + profile.Type;
        var elements = profile.Snapshot!.Element;
        var unavailable = elements
            .Where(e => e.Type.Any(t => t.Code == "Extension" && t.Profile.Any(p => p is null || !resolvable(p))))
            .Select(e => e.ElementId!)
            .ToList();
        elements.RemoveAll(e =>
            unavailable.Any(id =>
                e.ElementId == id || e.ElementId!.StartsWith(id + ".") || e.ElementId.StartsWith(id + ":")
            )
        );
    }

    private static IEnumerable<Resource> PackageResources(string tgz)
    {
        var parser = new FhirJsonDeserializer();
        using var gzip = new GZipStream(File.OpenRead(tgz), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var resources = new List<Resource>();
        while (tar.GetNextEntry() is { } entry)
        {
            var name = entry.Name;
            if (
                entry.DataStream is null
                || !name.StartsWith("package/", StringComparison.Ordinal)
                || name.Count(c => c == '/') != 1
                || !name.EndsWith(".json", StringComparison.Ordinal)
                || name.EndsWith("package.json", StringComparison.Ordinal)
                || name.Contains(".index.", StringComparison.Ordinal)
            )
            {
                continue;
            }
            using var reader = new StreamReader(entry.DataStream);
            var resource = parser.DeserializeResource(reader.ReadToEnd());
            if (resource is StructureDefinition or ValueSet or CodeSystem)
                resources.Add(resource);
        }
        return resources;
    }

    /// <summary>The packages kept in the repository (Dtr/igs); CRYO_IGS overrides.</summary>
    private static string IgDirectory() =>
        Environment.GetEnvironmentVariable("CRYO_IGS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Docs.MarkdownDocument.RepositoryRoot(), "tests", "CryoCdsHooks.Web.Tests", "Dtr", "igs");
}
