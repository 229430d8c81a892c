namespace GlcicML.PostProcessing;

/// <summary>
/// Fast-marching inpainting (Telea 2004): fills the holes from their rim inwards, each pixel a weighted average of the
/// known pixels within <c>radius</c>, weighted by distance, direction along the front's normal and level-set
/// closeness, plus a gradient term. It follows OpenCV's <c>cv::inpaint(INPAINT_TELEA)</c> (as of 4.10–4.13) step by step
/// (front order, weights, border handling, rounding): on the project's OpenCV 4.13 reference cases the 8-bit results
/// are identical pixel for pixel. Pixels outside the holes are never changed.
/// </summary>
public static class TeleaInpainting
{
    /// <summary>Inpaints an 8-bit RGB image; returns a new image (the input is not modified).</summary>
    /// <param name="image">The image; hole pixels' values are ignored.</param>
    /// <param name="mask">The holes (1 = fill).</param>
    /// <param name="radius">Neighbourhood radius in pixels, 1–100 (OpenCV's <c>inpaintRadius</c>). The authors' code uses 1.</param>
    /// <exception cref="ArgumentException">Sizes differ, or the mask covers the whole image (nothing to propagate from).</exception>
    public static RgbImage Inpaint(RgbImage image, InpaintingMask mask, int radius = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        Check(image.Width, image.Height, mask, radius);
        if (mask.IsEmpty)
        {
            return image;
        }

        var pixels = new BytePixels(image.Pixels.ToArray());
        TeleaMarch.Run(mask, radius, ref pixels);
        return new RgbImage(image.Width, image.Height, pixels.Data);
    }

    /// <summary>
    /// Inpaints a float RGB image in planar layout (three planes of width × height values in [0, 1], as the network
    /// writes them); returns new planes. Same algorithm as the 8-bit version without its 8-bit rounding: the gradient
    /// term is one level in 8-bit units (1/255) and no half level is added.
    /// </summary>
    public static float[] Inpaint(ReadOnlySpan<float> planes, int width, int height, InpaintingMask mask, int radius = 1)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ImageSize.Validate(width, height);
        if (planes.Length < 3 * width * height)
        {
            throw new ArgumentException($"A {width}x{height} image needs {3 * width * height} floats, got {planes.Length}.", nameof(planes));
        }

        Check(width, height, mask, radius);
        var pixels = new FloatPixels(planes[..(3 * width * height)].ToArray(), width * height);
        if (!mask.IsEmpty)
        {
            TeleaMarch.Run(mask, radius, ref pixels);
        }

        return pixels.Data;
    }

    private static void Check(int width, int height, InpaintingMask mask, int radius)
    {
        if (mask.Width != width || mask.Height != height)
        {
            throw new ArgumentException($"The mask is {mask.Width}x{mask.Height} but the image is {width}x{height}; a mask must have its image's size.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(radius, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(radius, 100);
        if (mask.IsFull)
        {
            throw new ArgumentException($"The mask covers the whole {width}x{height} image: fast marching has no known pixel to propagate from. Leave some pixels unmasked.");
        }
    }

    /// <summary>8-bit interleaved RGB; writes round-half-even of the value plus half a level, clamped (OpenCV's saturate_cast of its +0.5).</summary>
    private struct BytePixels(byte[] data) : TeleaMarch.IPixels
    {
        public readonly byte[] Data => data;

        public readonly float GradientUnit => 1f;

        public readonly float Get(int index, int channel) => data[(index * 3) + channel];

        public readonly void Set(int index, int channel, float value) =>
            data[(index * 3) + channel] = (byte)Math.Clamp(MathF.Round(value + 0.5f, MidpointRounding.ToEven), 0, 255);
    }

    /// <summary>Float planar RGB in [0, 1]: writes the value, clamped to [0, 1].</summary>
    private struct FloatPixels(float[] data, int plane) : TeleaMarch.IPixels
    {
        public readonly float[] Data => data;

        public readonly float GradientUnit => 1f / 255f;

        public readonly float Get(int index, int channel) => data[(channel * plane) + index];

        public readonly void Set(int index, int channel, float value) => data[(channel * plane) + index] = Math.Clamp(value, 0f, 1f);
    }
}
