namespace GlcicML.Training.Export;

/// <summary>One network input used to calibrate int8 activation ranges: 1×4×H×W planar floats (prefilled RGB, mask).</summary>
/// <param name="Data">4 × <paramref name="Height"/> × <paramref name="Width"/> values.</param>
/// <param name="Height">Height, a multiple of 4.</param>
/// <param name="Width">Width, a multiple of 4.</param>
public sealed record CalibrationInput(float[] Data, int Height, int Width)
{
    /// <summary>
    /// What the network of <paramref name="checkpoint"/> sees in training, made from <paramref name="images"/>: each
    /// resized so its shorter side is the crop size, centre-cropped, with one training-sized hole (seeded by its index),
    /// prefilled as the model does. Up to <paramref name="count"/> inputs.
    /// </summary>
    /// <exception cref="InvalidOperationException">There is no image.</exception>
    public static IReadOnlyList<CalibrationInput> FromImages(CheckpointInfo checkpoint, IEnumerable<RgbImage> images, int count)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(images);
        int size = checkpoint.Options.CropSize;
        var holes = new MaskGeneratorOptions { MinHoleSize = checkpoint.Options.MinHoleSize, MaxHoleSize = checkpoint.Options.MaxHoleSize };
        var inputs = new List<CalibrationInput>();
        foreach ((RgbImage image, int index) in images.Take(count).Select((image, index) => (image, index)))
        {
            double scale = (double)size / Math.Min(image.Width, image.Height);
            RgbImage resized = image.Resize(Math.Max(size, (int)Math.Round(image.Width * scale)), Math.Max(size, (int)Math.Round(image.Height * scale)));
            RgbImage crop = resized.Crop(new PixelRectangle((resized.Width - size) / 2, (resized.Height - size) / 2, size, size));
            InpaintingMask mask = MaskGenerator.Generate(size, size, holes, (ulong)index);
            inputs.Add(new CalibrationInput(NetworkInput.Create(crop, mask, checkpoint.Mean, checkpoint.Options.Prefill), size, size));
        }

        return inputs.Count > 0 ? inputs : throw new InvalidOperationException("No calibration images found.");
    }
}
