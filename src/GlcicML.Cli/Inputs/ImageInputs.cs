using GlcicML.Imaging;

namespace GlcicML.Cli.Inputs;

/// <summary>Finds the images a command works on: one file, or every PNG/JPEG under a folder.</summary>
internal static class ImageInputs
{
    /// <summary>A file gives itself; a folder gives its PNG/JPEG files as <see cref="ImageFiles.Find"/> lists them.</summary>
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
        return ImageFiles.Find(root).Select(relative => new ImageInput(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)), relative)).ToList();
    }
}
