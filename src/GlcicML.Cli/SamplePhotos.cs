namespace GlcicML.Cli;

/// <summary>The sample photos compiled into the tool (see SamplePhotos/LICENSES.md), so <c>glcic demo</c> runs anywhere.</summary>
internal static class SamplePhotos
{
    private const string Prefix = "SamplePhotos/";

    /// <summary>File names of the embedded photos, in ordinal order.</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(SamplePhotos).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToList();

    public static byte[] Read(string name)
    {
        using Stream stream = typeof(SamplePhotos).Assembly.GetManifestResourceStream(Prefix + name)
            ?? throw new FileNotFoundException($"No embedded sample photo '{name}'. Available: {string.Join(", ", Names)}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Writes the photos to a folder (e.g. to feed them to other commands).</summary>
    public static void ExtractTo(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (string name in Names)
        {
            File.WriteAllBytes(Path.Combine(folder, name), Read(name));
        }
    }
}
