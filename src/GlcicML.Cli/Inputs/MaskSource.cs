using GlcicML.Imaging;
using GlcicML.Masks;

namespace GlcicML.Cli.Inputs;

/// <summary>Where each image's mask comes from: a parallel folder, one file for all, or generated with a seed.</summary>
internal abstract class MaskSource
{
    /// <summary>The mask for <paramref name="input"/>, checked to have the image's size.</summary>
    public InpaintingMask MaskFor(ImageInput input, RgbImage image)
    {
        InpaintingMask mask = Load(input, image);
        if (!mask.HasSizeOf(image))
        {
            throw new MaskMismatchException(
                $"the mask {Describe(input)} is {mask.Width}x{mask.Height} but the image is {image.Width}x{image.Height}; a mask must have its image's size");
        }

        return mask;
    }

    public abstract string Describe(ImageInput input);

    protected abstract InpaintingMask Load(ImageInput input, RgbImage image);

    /// <summary>Masks from <paramref name="path"/>: a folder mirroring the inputs, or one file for every image.</summary>
    public static MaskSource FromPath(string path, MaskReadOptions readOptions) =>
        Directory.Exists(path) ? new FolderMasks(Path.GetFullPath(path), readOptions)
        : File.Exists(path) ? new SingleMask(Path.GetFullPath(path), InpaintingMask.Load(path, readOptions))
        : throw new FileNotFoundException($"Masks '{path}' is neither a file nor a folder.", path);

    public static MaskSource Generated(MaskGeneratorOptions options, int seed) => new GeneratedMasks(options, seed);

    private sealed class FolderMasks(string root, MaskReadOptions readOptions) : MaskSource
    {
        public override string Describe(ImageInput input) => $"'{FindMask(input) ?? Path.Combine(root, input.RelativePath)}'";

        protected override InpaintingMask Load(ImageInput input, RgbImage image)
        {
            string? path = FindMask(input) ?? throw new MaskMismatchException(
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
        public override string Describe(ImageInput input) => $"'{path}'";

        protected override InpaintingMask Load(ImageInput input, RgbImage image) => mask;
    }

    private sealed class GeneratedMasks(MaskGeneratorOptions options, int seed) : MaskSource
    {
        public override string Describe(ImageInput input) => $"generated for '{input.RelativePath}'";

        protected override InpaintingMask Load(ImageInput input, RgbImage image)
        {
            try
            {
                // Keyed by the relative path, so a file gets the same mask wherever the dataset lives.
                return MaskGenerator.Generate(image.Width, image.Height, options, MaskSeed.ForKey(seed, input.RelativePath));
            }
            catch (ArgumentException e)
            {
                throw new MaskMismatchException(e.Message);
            }
        }
    }
}

/// <summary>An image's mask is missing, has the wrong size, or cannot be generated for it.</summary>
internal sealed class MaskMismatchException(string message) : Exception(message);
