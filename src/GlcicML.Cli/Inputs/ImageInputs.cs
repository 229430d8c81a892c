namespace GlcicML.Cli.Inputs;

/// <summary>Finds the images a command works on: one file, or every PNG/JPEG under a folder.</summary>
internal static class ImageInputs
{
    private static readonly HashSet<string> s_extensions = new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg" };

    public static bool IsImageFile(string path) => s_extensions.Contains(Path.GetExtension(path));

    /// <summary>A file gives itself; a folder gives its PNG/JPEG files, recursively (extensions in any case),
    /// in ordinal order of their relative paths so every run sees the same order. Hidden files are skipped.</summary>
    /// <exception cref="FileNotFoundException">The path is neither a file nor a folder.</exception>
    public static IReadOnlyList<ImageInput> Find(string path)
    {
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
        return Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden })
            .Where(f => IsImageFile(f) && !Path.GetFileName(f).StartsWith('.'))
            .Select(f => new ImageInput(f, Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(i => i.RelativePath, StringComparer.Ordinal)
            .ToList();
    }
}
