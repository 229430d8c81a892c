namespace GlcicML.Training.Data;

/// <summary>
/// Turns a source image into a training sample as the paper does: resize so the shorter edge is uniform in
/// [MinResize, MaxResize], take a random CropSize crop, draw one hole with sides in [MinHoleSize, MaxHoleSize]; then,
/// with probability GrayscaleFraction, turn the crop gray (so a model learns that gray photos get gray fills). Under a
/// hole-size curriculum the largest hole side grows with the sample's iteration (see HoleCurriculumIterations). With
/// HoleShape strokes (or mixed, half the crops) free-form strokes replace the rectangle.
/// All randomness comes from the seed and the sample's running index, so a resumed run prepares the same samples.
/// </summary>
internal sealed class SamplePreparer(GlcicTrainingOptions options)
{
    private readonly MaskGeneratorOptions _hole = new()
    {
        MinHoleSize = options.MinHoleSize,
        MaxHoleSize = options.MaxHoleSize,
        MinHoleCount = 1,
        MaxHoleCount = 1,
    };

    public TrainingSample Prepare(RgbImage image, long sampleIndex)
    {
        var random = new MaskRandom(MaskRandom.Mix((ulong)(uint)options.Seed, (ulong)sampleIndex, 0x5A));
        int crop = options.CropSize;
        int shorter = random.NextInt(options.MinResize, options.MaxResize);
        double scale = (double)shorter / Math.Min(image.Width, image.Height);
        int width = Math.Max(crop, (int)Math.Round(image.Width * scale));
        int height = Math.Max(crop, (int)Math.Round(image.Height * scale));
        RgbImage resized = image.Resize(width, height);
        RgbImage cropped = resized.Crop(new PixelRectangle(random.NextInt(0, width - crop), random.NextInt(0, height - crop), crop, crop));

        PixelRectangle rectangle = MaskGenerator.DrawRectangles(crop, crop, HoleBounds(sampleIndex), ref random)[0];
        int patch = options.LocalPatchSize;
        (int, int) real = (random.NextInt(0, crop - patch), random.NextInt(0, crop - patch));
        // Drawn last and only when enabled, so runs without them prepare exactly the samples they always did.
        if (options.GrayscaleFraction > 0 && random.NextDouble() < options.GrayscaleFraction)
        {
            cropped = Grayscale(cropped);
        }

        InpaintingMask hole = options.HoleShape == TrainingHoleShape.Strokes || (options.HoleShape == TrainingHoleShape.Mixed && random.NextDouble() < 0.5)
            ? MaskGenerator.Generate(crop, crop, MaskGeneratorOptions.FreeFormStrokes, MaskRandom.Mix((ulong)(uint)options.Seed, (ulong)sampleIndex, 0x57))
            : InpaintingMask.FromRectangles(crop, crop, [rectangle]);
        PixelRectangle bounds = hole.HoleBounds() ?? rectangle;
        (int, int) completed = (
            Math.Clamp(bounds.X + (bounds.Width / 2) - (patch / 2), 0, crop - patch),
            Math.Clamp(bounds.Y + (bounds.Height / 2) - (patch / 2), 0, crop - patch));
        return new TrainingSample(cropped, hole, completed, real);
    }

    /// <summary>The hole sides a sample is drawn with: the whole range, or under the curriculum a range whose top grows with the sample's iteration.</summary>
    internal MaskGeneratorOptions HoleBounds(long sampleIndex)
    {
        if (options.HoleCurriculumIterations <= 0)
        {
            return _hole;
        }

        double progress = Math.Min(1.0, (double)((sampleIndex / options.BatchSize) + 1) / options.HoleCurriculumIterations);
        return _hole with { MaxHoleSize = options.MinHoleSize + (int)Math.Round((options.MaxHoleSize - options.MinHoleSize) * progress) };
    }

    /// <summary>Rec. 601 luma in all three channels.</summary>
    internal static RgbImage Grayscale(RgbImage image)
    {
        byte[] pixels = image.Pixels.ToArray();
        for (int i = 0; i < pixels.Length; i += 3)
        {
            byte luma = (byte)(((77 * pixels[i]) + (150 * pixels[i + 1]) + (29 * pixels[i + 2]) + 128) >> 8);
            pixels[i] = pixels[i + 1] = pixels[i + 2] = luma;
        }

        return RgbImage.FromPixels(image.Width, image.Height, pixels);
    }
}
