namespace GlcicML.Masks;

/// <summary>
/// Draws random hole masks. The same size, options and seed always give the same mask, on any machine.
/// </summary>
public static class MaskGenerator
{
    /// <summary>Draws a mask for an image of the given size.</summary>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="options">Hole shape and bounds.</param>
    /// <param name="seed">Fixes every random choice.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The image is too small for the requested holes.</exception>
    public static InpaintingMask Generate(int width, int height, MaskGeneratorOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ImageSize.Validate(width, height);
        var random = new MaskRandom(seed);
        return options.Shape switch
        {
            MaskShape.Rectangles => InpaintingMask.FromRectangles(width, height, DrawRectangles(width, height, options, ref random)),
            MaskShape.FreeForm => FreeFormStrokes.Draw(width, height, options, ref random),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Shape, "Unknown mask shape."),
        };
    }

    /// <summary>
    /// Draws the rectangles of a <see cref="MaskShape.Rectangles"/> mask: count and sides from the option bounds,
    /// each placed uniformly so that it lies fully inside the image.
    /// </summary>
    public static IReadOnlyList<PixelRectangle> GenerateRectangles(int width, int height, MaskGeneratorOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ImageSize.Validate(width, height);
        var random = new MaskRandom(seed);
        return DrawRectangles(width, height, options, ref random);
    }

    internal static PixelRectangle[] DrawRectangles(int width, int height, MaskGeneratorOptions options, ref MaskRandom random)
    {
        if (width < options.MinHoleSize || height < options.MinHoleSize)
        {
            throw new ArgumentException(
                $"A {width}x{height} image is smaller than the minimum hole size of {options.MinHoleSize} px (MinHoleSize). " +
                "Lower MinHoleSize and MaxHoleSize (glcic: --hole-min, --hole-max), or resize the images first.");
        }

        int count = random.NextInt(options.MinHoleCount, options.MaxHoleCount);
        var holes = new PixelRectangle[count];
        for (int i = 0; i < count; i++)
        {
            int holeWidth = random.NextInt(options.MinHoleSize, Math.Min(options.MaxHoleSize, width));
            int holeHeight = random.NextInt(options.MinHoleSize, Math.Min(options.MaxHoleSize, height));
            int x = random.NextInt(0, width - holeWidth);
            int y = random.NextInt(0, height - holeHeight);
            holes[i] = new PixelRectangle(x, y, holeWidth, holeHeight);
        }

        return holes;
    }
}
