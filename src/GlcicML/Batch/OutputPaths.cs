namespace GlcicML.Batch;

/// <summary>
/// Maps inputs to output files inside an output folder, and refuses any mapping that would write elsewhere:
/// rooted or <c>..</c> relative paths, and symbolic links (folders or the file itself) that lead out of the folder.
/// </summary>
public static class OutputPaths
{
    /// <summary>The output file for <paramref name="relativePath"/> under <paramref name="outputRoot"/>, with <paramref name="extension"/>.</summary>
    /// <exception cref="UnsafeOutputPathException">The file would lie outside the output folder.</exception>
    public static string Resolve(string outputRoot, string relativePath, string extension = ".png")
    {
        ArgumentException.ThrowIfNullOrEmpty(outputRoot);
        ArgumentNullException.ThrowIfNull(relativePath);
        string[] parts = relativePath.Split('/', '\\');
        if (relativePath.Length == 0 || Path.IsPathRooted(relativePath) || relativePath.Contains('\0', StringComparison.Ordinal)
            || parts.Any(p => p is "" or "." or ".."))
        {
            throw new UnsafeOutputPathException($"'{relativePath}' is not a plain relative path (no leading separator, drive, '.' or '..' parts), so it cannot name an output.");
        }

        string root = Path.GetFullPath(outputRoot);
        string path = Path.GetFullPath(Path.Combine(root, Path.ChangeExtension(Path.Combine(parts), extension)));
        if (!IsInside(path, root))
        {
            throw new UnsafeOutputPathException($"The output for '{relativePath}' would be '{path}', outside the output folder '{root}'.");
        }

        CheckLinks(root, path, relativePath);
        return path;
    }

    /// <summary>Every existing folder between the root and the file, and the file itself, must stay inside the root once links are followed.</summary>
    private static void CheckLinks(string root, string path, string relativePath)
    {
        string realRoot = RealPath(root);
        string current = root;
        foreach (string part in Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (!info.Exists || info.LinkTarget is null)
            {
                continue;
            }

            string target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.LinkTarget;
            if (current == path || !IsInside(RealPath(target), realRoot))
            {
                throw new UnsafeOutputPathException(
                    $"The output for '{relativePath}' goes through the symbolic link '{current}' (to '{target}'){(current == path ? string.Empty : ", outside the output folder")}; remove the link or choose another output folder.");
            }
        }
    }

    internal static string RealPath(string path)
    {
        var info = new DirectoryInfo(path);
        return info.Exists && info.LinkTarget is not null ? info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path : path;
    }

    internal static bool IsInside(string path, string root)
    {
        StringComparison comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        string prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, comparison);
    }
}
