namespace GlcicML.Masks;

/// <summary>Where each input image's mask comes from: a folder mirroring the inputs, one file for all, or generated.</summary>
public abstract class MaskSource
{
    private protected MaskSource()
    {
    }

    /// <summary>The mask for <paramref name="input"/>, checked to have the image's size.</summary>
    /// <exception cref="MaskUnavailableException">There is no mask for the image, it has another size, or none can be generated.</exception>
    /// <exception cref="ImageLoadException">The mask file cannot be read.</exception>
    public InpaintingMask MaskFor(ImageInput input, RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(image);
        InpaintingMask mask = Load(input, image);
        if (!mask.HasSizeOf(image))
        {
            throw new MaskUnavailableException(MaskProblem.SizeMismatch,
                $"the mask {Describe(input)} is {mask.Width}x{mask.Height} but the image is {image.Width}x{image.Height}; a mask must have its image's size");
        }

        return mask;
    }

    /// <summary>Names the mask of <paramref name="input"/> in messages.</summary>
    public abstract string Describe(ImageInput input);

    /// <summary>Where the masks come from, for reports: the folder, the file, or the generator and seed.</summary>
    public abstract string Description { get; }

    /// <inheritdoc />
    public override string ToString() => Description;

    private protected abstract InpaintingMask Load(ImageInput input, RgbImage image);

    /// <summary>
    /// Masks from <paramref name="path"/>: a folder mirroring the inputs (the same relative path, or the same name with
    /// another image extension: photo.jpg ↔ photo.png), or one file for every image (read once).
    /// </summary>
    /// <exception cref="FileNotFoundException">The path is neither a file nor a folder.</exception>
    public static MaskSource FromPath(string path, MaskReadOptions? readOptions = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        readOptions ??= MaskReadOptions.Default;
        return Directory.Exists(path) ? new FolderMasks(Path.GetFullPath(path), readOptions)
            : File.Exists(path) ? new SingleMask(Path.GetFullPath(path), InpaintingMask.Load(path, readOptions))
            : throw new FileNotFoundException($"Masks '{path}' is neither a file nor a folder.", path);
    }

    /// <summary>
    /// The same masks, each also written as a PNG (white = hole) under <paramref name="folder"/> at the input's
    /// relative path with a .png extension: a folder that <see cref="FromPath"/> reads back, so generated holes can be
    /// kept, scored and reproduced. An existing mask file there is replaced.
    /// </summary>
    public MaskSource SavedTo(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return new SavingMasks(this, Path.GetFullPath(folder));
    }

    /// <summary>Masks drawn with <paramref name="options"/>, each keyed by the input's relative path and <paramref name="seed"/>.</summary>
    public static MaskSource Generated(MaskGeneratorOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new GeneratedMasks(options, seed);
    }

    private sealed class FolderMasks(string root, MaskReadOptions readOptions) : MaskSource
    {
        public override string Description => $"folder '{root}'";

        public override string Describe(ImageInput input) => $"'{FindMask(input) ?? Path.Combine(root, input.RelativePath)}'";

        private protected override InpaintingMask Load(ImageInput input, RgbImage image)
        {
            string? path = FindMask(input) ?? throw new MaskUnavailableException(MaskProblem.Missing,
                $"no mask for it in '{root}' (looked for '{input.RelativePath}' and the same name with .png, .jpg or .jpeg)");
            return InpaintingMask.Load(path, readOptions);
        }

        /// <summary>The same relative path, or the same name with another image extension (e.g. photo.jpg → photo.png).</summary>
        private string? FindMask(ImageInput input)
        {
            string exact = Path.Combine(root, input.RelativePath.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(exact))
            {
                return exact;
            }

            foreach (string extension in new[] { ".png", ".jpg", ".jpeg", ".PNG", ".JPG", ".JPEG" })
            {
                string candidate = Path.ChangeExtension(exact, extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            return null;
        }
    }

    private sealed class SingleMask(string path, InpaintingMask mask) : MaskSource
    {
        public override string Description => $"file '{path}'";

        public override string Describe(ImageInput input) => $"'{path}'";

        private protected override InpaintingMask Load(ImageInput input, RgbImage image) => mask;
    }

    private sealed class SavingMasks(MaskSource inner, string folder) : MaskSource
    {
        public override string Description => $"{inner.Description}, saved to '{folder}'";

        public override string Describe(ImageInput input) => inner.Describe(input);

        private protected override InpaintingMask Load(ImageInput input, RgbImage image)
        {
            InpaintingMask mask = inner.MaskFor(input, image);
            mask.Save(SavedPath(folder, input.RelativePath));
            return mask;
        }
    }

    /// <summary>Where <see cref="SavedTo"/> writes the mask of the input at <paramref name="relativePath"/>.</summary>
    internal static string SavedPath(string folder, string relativePath) =>
        Path.ChangeExtension(Path.Combine(folder, relativePath.Replace('/', Path.DirectorySeparatorChar)), ".png");

    private sealed class GeneratedMasks(MaskGeneratorOptions options, int seed) : MaskSource
    {
        public override string Description => $"generated ({options.Shape}, seed {seed})";

        public override string Describe(ImageInput input) => $"generated for '{input.RelativePath}'";

        private protected override InpaintingMask Load(ImageInput input, RgbImage image)
        {
            try
            {
                // Keyed by the relative path, so a file gets the same mask wherever the dataset lives.
                return MaskGenerator.Generate(image.Width, image.Height, options, MaskSeed.ForKey(seed, input.RelativePath));
            }
            catch (ArgumentException e)
            {
                throw new MaskUnavailableException(MaskProblem.CannotGenerate, e.Message);
            }
        }
    }
}
