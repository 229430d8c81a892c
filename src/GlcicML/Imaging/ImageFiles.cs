namespace GlcicML.Imaging;

/// <summary>Finds image files in a folder the same way everywhere in GlcicML (CLI, training, batch scoring).</summary>
/// <remarks>
/// Hidden files and folders, and names starting with '.' (e.g. temporary files of atomic writes), are skipped.
/// Symbolic links to folders are followed, each real folder once, so a link back up the tree cannot loop.
/// </remarks>
public static class ImageFiles
{
    private static readonly HashSet<string> s_extensions = new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg" };

    private static readonly EnumerationOptions s_oneLevel = new() { RecurseSubdirectories = false, AttributesToSkip = FileAttributes.Hidden, IgnoreInaccessible = true };

    /// <summary>True for .png, .jpg and .jpeg (any case).</summary>
    public static bool HasImageExtension(string path) => s_extensions.Contains(Path.GetExtension(path));

    /// <summary>
    /// Paths, relative to <paramref name="folder"/> with '/' separators, of every PNG/JPEG file under it (recursively,
    /// extensions in any case), in ordinal order so every run and machine sees the same list.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<string> Find(string folder) =>
        [.. EnumerateByFolder(folder).SelectMany(f => f.Files).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The same files, streamed one folder at a time (depth first; folders and files in ordinal order), so a dataset
    /// of any size is listed in memory proportional to its largest folder, not to its file count.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IEnumerable<ImageFolder> EnumerateByFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Folder '{folder}' does not exist.");
        }

        return Walk(Path.GetFullPath(folder));
    }

    private static IEnumerable<ImageFolder> Walk(string root)
    {
        var visited = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.TryPop(out string? relative))
        {
            string full = relative.Length == 0 ? root : Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
            if (!visited.Add(RealPath(full)))
            {
                continue; // reached again through a link: listed already
            }

            string[] files = [.. Directory.EnumerateFiles(full, "*", s_oneLevel)
                .Select(Path.GetFileName)
                .Where(name => !name!.StartsWith('.') && HasImageExtension(name))
                .Select(name => relative.Length == 0 ? name! : $"{relative}/{name}")
                .Order(StringComparer.Ordinal)];
            if (files.Length > 0)
            {
                yield return new ImageFolder(relative, files);
            }

            // Pushed in reverse so they pop in ordinal order.
            foreach (string name in Directory.EnumerateDirectories(full, "*", s_oneLevel).Select(d => Path.GetFileName(d)!).Where(n => !n.StartsWith('.')).OrderDescending(StringComparer.Ordinal))
            {
                pending.Push(relative.Length == 0 ? name : $"{relative}/{name}");
            }
        }
    }

    private static string RealPath(string folder)
    {
        try
        {
            return new DirectoryInfo(folder).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(folder);
        }
        catch (IOException)
        {
            return Path.GetFullPath(folder);
        }
    }
}

/// <summary>The image files of one folder.</summary>
/// <param name="RelativePath">The folder, relative to the root with '/' separators ("" for the root).</param>
/// <param name="Files">Its image files' paths relative to the root, in ordinal order.</param>
public sealed record ImageFolder(string RelativePath, IReadOnlyList<string> Files);
