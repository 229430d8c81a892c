namespace GlcicML.Training.Data;

/// <summary>
/// Leaves out source images too small to train on: one whose shorter side is under half the crop would be upscaled
/// more than 2× (a 1×1 image to a flat 256-px square), teaching the network blur. Each is reported with its size and
/// the minimum; a source with no usable image at all is an error naming the minimum, not a silent NaN mean.
/// </summary>
internal static class UsableImages
{
    /// <summary>The smallest shorter side a source image may have.</summary>
    public static int MinimumSide(GlcicTrainingOptions options) => Math.Max(1, options.CropSize / 2);

    public static IEnumerable<SourceImage> Read(TrainingImages images, GlcicTrainingOptions options, SourcePosition start, Action<string, string> skipped, CancellationToken cancellationToken)
    {
        int minimum = MinimumSide(options);
        long epoch = start.Epoch, usable = 0, tooSmall = 0;
        string? example = null;
        foreach (SourceImage source in images.Read(start, options.Seed, skipped, cancellationToken))
        {
            long sourceEpoch = source.Next.Epoch;
            if (sourceEpoch != epoch)
            {
                // An epoch (read from its start) gave nothing usable: every later one would be the same.
                if (usable == 0 && tooSmall > 0 && (epoch > start.Epoch || start.Index == 0))
                {
                    throw new InvalidOperationException(
                        $"None of the training images is large enough: {tooSmall} image(s) have a shorter side under {minimum} px (half the crop size {options.CropSize}), e.g. {example}. " +
                        "Add larger images, or train with a smaller crop (--size).");
                }

                (epoch, usable, tooSmall) = (sourceEpoch, 0, 0);
            }

            if (Math.Min(source.Image.Width, source.Image.Height) < minimum)
            {
                tooSmall++;
                example ??= $"{source.Name} ({source.Image.Width}x{source.Image.Height})";
                skipped(source.Name, $"TooSmall: {source.Image.Width}x{source.Image.Height}; training needs a shorter side of at least {minimum} px (half the crop size {options.CropSize})");
                continue;
            }

            usable++;
            yield return source;
        }
    }
}
