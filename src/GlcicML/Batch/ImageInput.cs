namespace GlcicML.Batch;

/// <summary>
/// One input image: where it is, and its path relative to the input root, which names its output, finds its mask
/// in a mask folder, keys its generated mask and decides its shard.
/// </summary>
/// <param name="FullPath">Absolute path of the file.</param>
/// <param name="RelativePath">Path relative to the input root, with '/' separators.</param>
public sealed record ImageInput(string FullPath, string RelativePath)
{
    /// <summary>
    /// A file gives itself; a folder gives every PNG/JPEG under it (recursively, extensions in any case, hidden and
    /// dot-named entries skipped) in ordinal order of relative path, as <see cref="ImageFiles.Find"/> lists them.
    /// </summary>
    /// <exception cref="FileNotFoundException">The path is neither a file nor a folder.</exception>
    public static IReadOnlyList<ImageInput> Find(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            string full = Path.GetFullPath(path);
            return [new ImageInput(full, Path.GetFileName(full))];
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException($"Input '{path}' is neither a file nor a folder.", path);
        }

        string root = Path.GetFullPath(path);
        return ImageFiles.Find(root).Select(relative => new ImageInput(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)), relative)).ToList();
    }
}
