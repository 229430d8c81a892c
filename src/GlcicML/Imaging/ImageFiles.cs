namespace GlcicML.Imaging;

/// <summary>Finds image files in a folder the same way everywhere in GlcicML (CLI, training, batch scoring).</summary>
public static class ImageFiles
{
    private static readonly HashSet<string> s_extensions = new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg" };

    /// <summary>True for .png, .jpg and .jpeg (any case).</summary>
    public static bool HasImageExtension(string path) => s_extensions.Contains(Path.GetExtension(path));

    /// <summary>
    /// Paths, relative to <paramref name="folder"/> with '/' separators, of every PNG/JPEG file under it (recursively,
    /// extensions in any case), in ordinal order so every run and machine sees the same list. Hidden files and
    /// folders, and names starting with '.' (e.g. temporary files of atomic writes), are skipped.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<string> Find(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Folder '{folder}' does not exist.");
        }

        string root = Path.GetFullPath(folder);
        return Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden })
            .Where(f => HasImageExtension(f) && !Path.GetFileName(f).StartsWith('.'))
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(relative => !relative.Split('/').Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
