namespace GlcicML.Filling;

/// <summary>
/// The completion network's 4-channel input, for either prefill: planes R, G, B in [0, 1] with the holes prefilled,
/// then the mask plane (1 = hole). Training, every inference path and the ML.NET transforms write it here, so a model
/// always sees in inference what it saw in training.
/// </summary>
public static class NetworkInput
{
    /// <summary>Fast-marching radius of <see cref="HolePrefill.FastMarching"/>: the radius the evaluation's Telea baseline uses.</summary>
    public const int FastMarchingRadius = 5;

    /// <summary>Planes in the network input: R, G, B (holes prefilled), then the mask.</summary>
    public const int Channels = MeanColorFill.NetworkInputChannels;

    /// <summary>The image with its holes prefilled, as the network sees it (8-bit); the input is not modified.</summary>
    /// <exception cref="ArgumentException">The sizes differ, or fast marching was asked for a mask that covers the whole image.</exception>
    public static RgbImage Prefilled(RgbImage image, InpaintingMask mask, MeanColor mean, HolePrefill prefill) => prefill switch
    {
        HolePrefill.MeanColor => MeanColorFill.Apply(image, mask, mean),
        HolePrefill.FastMarching => TeleaInpainting.Inpaint(image, mask, FastMarchingRadius),
        _ => throw new ArgumentOutOfRangeException(nameof(prefill), prefill, "Unknown prefill."),
    };

    /// <summary>Writes the input for one image into <paramref name="destination"/> (at least 4 × width × height floats).</summary>
    /// <remarks>
    /// Fast marching runs on the 8-bit image, exactly as the Telea baseline does, so an untrained residual model's
    /// output equals that baseline pixel for pixel.
    /// </remarks>
    public static void Write(RgbImage image, InpaintingMask mask, MeanColor mean, HolePrefill prefill, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        MeanColorFill.EnsureSameSize(image, mask);
        mean.Validate();
        int plane = image.PixelCount;
        if (destination.Length < plane * Channels)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; {plane * Channels} are needed.", nameof(destination));
        }

        switch (prefill)
        {
            case HolePrefill.MeanColor:
                MeanColorFill.WriteColorPlanes(image, mask, mean, destination);
                break;
            case HolePrefill.FastMarching:
                (mask.IsEmpty ? image : TeleaInpainting.Inpaint(image, mask, FastMarchingRadius)).CopyToPlanar(destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(prefill), prefill, "Unknown prefill.");
        }

        Span<float> maskPlane = destination.Slice(3 * plane, plane);
        ReadOnlySpan<byte> holes = mask.Values;
        for (int i = 0; i < holes.Length; i++)
        {
            maskPlane[i] = holes[i] != 0 ? 1f : 0f;
        }
    }

    /// <summary>Allocates and returns the input (see <see cref="Write"/>).</summary>
    public static float[] Create(RgbImage image, InpaintingMask mask, MeanColor mean, HolePrefill prefill)
    {
        ArgumentNullException.ThrowIfNull(image);
        var input = new float[image.PixelCount * Channels];
        Write(image, mask, mean, prefill, input);
        return input;
    }

    /// <summary>The metadata spelling of a prefill ("mean-color", "fast-marching").</summary>
    public static string Name(HolePrefill prefill) => prefill switch
    {
        HolePrefill.MeanColor => "mean-color",
        HolePrefill.FastMarching => "fast-marching",
        _ => throw new ArgumentOutOfRangeException(nameof(prefill), prefill, "Unknown prefill."),
    };

    /// <summary>Parses <see cref="Name"/>'s spelling; null when it is none of them.</summary>
    public static HolePrefill? Parse(string name) => name switch
    {
        "mean-color" => HolePrefill.MeanColor,
        "fast-marching" => HolePrefill.FastMarching,
        _ => null,
    };
}
