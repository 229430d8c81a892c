using System.Buffers;
using System.Runtime.InteropServices;

namespace GlcicML.Filling;

/// <summary>
/// Writes the mean colour into the holes of an image, and builds the completion network's 4-channel input.
/// </summary>
public static class MeanColorFill
{
    /// <summary>Number of planes in the network input: R, G, B with holes mean-filled, then the mask.</summary>
    public const int NetworkInputChannels = 4;

    /// <summary>Returns a copy of <paramref name="image"/> whose hole pixels hold <paramref name="mean"/> (rounded to 8 bits).
    /// Pixels outside the holes are unchanged; the input is not modified.</summary>
    /// <exception cref="ArgumentException">The mask's size differs from the image's.</exception>
    public static RgbImage Apply(RgbImage image, InpaintingMask mask, MeanColor mean)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        EnsureSameSize(image, mask);
        mean.Validate();
        (byte r, byte g, byte b) = mean.ToBytes();
        byte[] pixels = image.Pixels.ToArray();
        ReadOnlySpan<byte> holes = mask.Values;
        for (int start = 0; start < holes.Length;)
        {
            // Walk runs of holes: masks are mostly long runs, so IndexOf (vectorised) skips known pixels quickly.
            int offset = holes[start..].IndexOf((byte)1);
            if (offset < 0)
            {
                break;
            }

            int runStart = start + offset;
            int runLength = holes[runStart..].IndexOf((byte)0);
            int runEnd = runLength < 0 ? holes.Length : runStart + runLength;
            PixelOps.FillRgb(pixels.AsSpan(runStart * 3, (runEnd - runStart) * 3), r, g, b);
            start = runEnd;
        }

        return new RgbImage(image.Width, image.Height, pixels);
    }

    /// <summary>
    /// The same fill for an ML.NET image, without an intermediate <see cref="RgbImage"/>: returns a new opaque RGBA32
    /// image (alpha dropped, as everywhere in GlcicML) whose hole pixels hold <paramref name="mean"/>. The caller owns it.
    /// </summary>
    /// <exception cref="ArgumentException">The mask's size differs from the image's.</exception>
    public static MLImage Apply(MLImage image, InpaintingMask mask, MeanColor mean)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Width != image.Width || mask.Height != image.Height)
        {
            throw new ArgumentException($"The mask is {mask.Width}x{mask.Height} but the image is {image.Width}x{image.Height}; a mask must have its image's size.");
        }

        mean.Validate();
        bool bgra = image.PixelFormat switch
        {
            MLPixelFormat.Bgra32 => true,
            MLPixelFormat.Rgba32 => false,
            _ => throw new NotSupportedException($"MLImage pixel format {image.PixelFormat} is not supported; expected Bgra32 or Rgba32."),
        };
        (byte r, byte g, byte b) = mean.ToBytes();
        uint fill = r | ((uint)g << 8) | ((uint)b << 16) | 0xFF000000u;
        int length = mask.PixelCount * 4;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            ReadOnlySpan<uint> source = MemoryMarshal.Cast<byte, uint>(image.Pixels[..length]);
            Span<uint> destination = MemoryMarshal.Cast<byte, uint>(buffer.AsSpan(0, length));
            ReadOnlySpan<byte> holes = mask.Values;
            for (int i = 0; i < holes.Length; i++)
            {
                uint pixel = source[i];
                uint rgba = bgra ? (pixel & 0x0000FF00u) | ((pixel >> 16) & 0xFFu) | ((pixel & 0xFFu) << 16) : pixel;
                destination[i] = holes[i] != 0 ? fill : rgba | 0xFF000000u;
            }

            return MLImage.CreateFromPixels(image.Width, image.Height, MLPixelFormat.Rgba32, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes the network input in planar layout: planes R, G, B in [0, 1] with hole pixels set to the mean, then the
    /// mask plane (1 = hole). This is the paper's input: "RGB with the holes filled by the mean, plus the mask".
    /// </summary>
    /// <remarks>
    /// The mean is rounded to 8 bits first, so the R, G, B planes are exactly what ML.NET's
    /// <c>ExtractPixels(scaleImage: 1f / 255)</c> gives for the mean-filled image (<see cref="Apply(RgbImage, InpaintingMask, MeanColor)"/>):
    /// a pipeline built from ML.NET's own transforms feeds the network bit-identical input. The rounding moves the
    /// fill by less than 0.5/255, identically in training and inference.
    /// </remarks>
    /// <param name="image">The image.</param>
    /// <param name="mask">Its holes.</param>
    /// <param name="mean">The fill colour (the training set's mean).</param>
    /// <param name="destination">At least 4 × width × height floats; one sample's slice of an N×4×H×W tensor.</param>
    public static void WriteNetworkInput(RgbImage image, InpaintingMask mask, MeanColor mean, Span<float> destination) =>
        NetworkInput.Write(image, mask, mean, HolePrefill.MeanColor, destination);

    /// <summary>The R, G, B planes of the network input: the image with the mean (rounded to 8 bits) in the holes.</summary>
    internal static void WriteColorPlanes(RgbImage image, InpaintingMask mask, MeanColor mean, Span<float> destination)
    {
        int plane = image.PixelCount;
        image.CopyToPlanar(destination);
        Span<float> red = destination[..plane], green = destination.Slice(plane, plane), blue = destination.Slice(2 * plane, plane);
        ReadOnlySpan<byte> holes = mask.Values;
        (byte r, byte g, byte b) = mean.ToBytes();
        float mr = r * PixelOps.ByteToUnit, mg = g * PixelOps.ByteToUnit, mb = b * PixelOps.ByteToUnit;
        for (int i = 0; i < holes.Length; i++)
        {
            if (holes[i] != 0)
            {
                red[i] = mr;
                green[i] = mg;
                blue[i] = mb;
            }
        }
    }

    /// <summary>Allocates and returns the network input (see <see cref="WriteNetworkInput"/>).</summary>
    public static float[] CreateNetworkInput(RgbImage image, InpaintingMask mask, MeanColor mean)
    {
        ArgumentNullException.ThrowIfNull(image);
        var input = new float[image.PixelCount * NetworkInputChannels];
        WriteNetworkInput(image, mask, mean, input);
        return input;
    }

    internal static void EnsureSameSize(RgbImage image, InpaintingMask mask)
    {
        if (!mask.HasSizeOf(image))
        {
            throw new ArgumentException(
                $"The mask is {mask.Width}x{mask.Height} but the image is {image.Width}x{image.Height}; a mask must have its image's size.");
        }
    }
}
