namespace GlcicML.Masks;

/// <summary>How a gray, RGB or RGBA image is turned into a binary hole mask.</summary>
public sealed record MaskReadOptions
{
    /// <summary>The defaults: luminance, threshold 0.5, bright = hole, 100 MP budget.</summary>
    public static MaskReadOptions Default { get; } = new();

    /// <summary>
    /// Threshold as a fraction of full scale, in [0, 1]. With <see cref="MaskPolarity.BrightIsHole"/> a pixel is a hole
    /// when value / 255 ≥ threshold. The default is 0.5 (8-bit values 128–255 are holes).
    /// </summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Which side of the threshold is a hole. The default is <see cref="MaskPolarity.BrightIsHole"/>.</summary>
    public MaskPolarity Polarity { get; init; } = MaskPolarity.BrightIsHole;

    /// <summary>Which channel is read. The default is <see cref="MaskChannel.Luminance"/>.</summary>
    public MaskChannel Channel { get; init; } = MaskChannel.Luminance;

    /// <summary>Largest accepted mask file, in pixels, checked from the header. The default is 100,000,000.</summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>The smallest 8-bit value counted as bright, from <see cref="Threshold"/>.</summary>
    internal int ByteThreshold
    {
        get
        {
            if (double.IsNaN(Threshold) || Threshold < 0 || Threshold > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The mask threshold must be in [0, 1].");
            }

            return (int)Math.Ceiling((Threshold * 255) - 1e-9);
        }
    }
}
