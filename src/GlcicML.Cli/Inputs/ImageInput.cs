namespace GlcicML.Cli.Inputs;

/// <summary>One input image: where it is, and its path relative to the input root (which names its outputs).</summary>
/// <param name="FullPath">Absolute path of the file.</param>
/// <param name="RelativePath">Path relative to the input root, with '/' separators.</param>
internal sealed record ImageInput(string FullPath, string RelativePath)
{
    /// <summary>Output path under <paramref name="outputRoot"/>: the relative path with a new extension.</summary>
    public string OutputPath(string outputRoot, string extension = ".png") =>
        Path.Combine(outputRoot, Path.ChangeExtension(RelativePath, extension).Replace('/', Path.DirectorySeparatorChar));
}
