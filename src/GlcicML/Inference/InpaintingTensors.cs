using System.Buffers;
using System.Runtime.InteropServices;

namespace GlcicML.Inference;

/// <summary>
/// The pre- and post-processing around the network, shared by every inference path (the batching runtime and the
/// row-by-row chain ML.NET saves), so they give the same pixels: mean fill, padding to a multiple of 4, and
/// prefill (mean colour or fast marching, as the model says), padding to a multiple of 4, and
/// compositing (network output inside the holes, the input's own bytes everywhere else).
/// </summary>
internal static class InpaintingTensors
{
    /// <summary>The size after padding to a multiple of 4.</summary>
    public static int Padded(int size) => (size + GlcicModelInfo.SizeMultiple - 1) / GlcicModelInfo.SizeMultiple * GlcicModelInfo.SizeMultiple;

    /// <summary>Refuses sizes the padding cannot handle, naming the image and the way out.</summary>
    public static void CheckSize(int width, int height, PaddingMode mode, long maxPixels, string image)
    {
        if ((long)width * height > maxPixels)
        {
            throw new ArgumentException($"{image} has {(long)width * height:N0} pixels, over the inference limit of {maxPixels:N0} (InpainterOptions.MaxPixels). Downscale it or raise the limit.");
        }

        if (mode == PaddingMode.Reflect && (Padded(width) - width >= width || Padded(height) - height >= height))
        {
            throw new ArgumentException(
                $"{image} is {width}x{height}: too small to reflect-pad to {Padded(width)}x{Padded(height)} (the network needs multiples of 4). " +
                "Use PaddingMode.Replicate (--padding replicate), which works for any size.");
        }
    }

    /// <summary>Writes the padded network input (4 planes of padded width × height) for one image.</summary>
    public static void WriteInput(RgbImage image, InpaintingMask mask, MeanColor mean, HolePrefill prefill, PaddingMode mode, Span<float> destination)
    {
        int width = image.Width, height = image.Height, paddedWidth = Padded(width), paddedHeight = Padded(height);
        int plane = width * height, paddedPlane = paddedWidth * paddedHeight;
        float[] unpadded = ArrayPool<float>.Shared.Rent(plane * MeanColorFill.NetworkInputChannels);
        try
        {
            NetworkInput.Write(image, mask, mean, prefill, unpadded.AsSpan(0, plane * MeanColorFill.NetworkInputChannels));
            for (int c = 0; c < MeanColorFill.NetworkInputChannels; c++)
            {
                ReadOnlySpan<float> source = unpadded.AsSpan(c * plane, plane);
                Span<float> target = destination.Slice(c * paddedPlane, paddedPlane);
                for (int y = 0; y < paddedHeight; y++)
                {
                    ReadOnlySpan<float> row = source.Slice(SourceIndex(y, height, mode) * width, width);
                    Span<float> paddedRow = target.Slice(y * paddedWidth, paddedWidth);
                    row.CopyTo(paddedRow);
                    for (int x = width; x < paddedWidth; x++)
                    {
                        paddedRow[x] = row[SourceIndex(x, width, mode)];
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(unpadded);
        }
    }

    /// <summary>
    /// The input's pixels outside the holes, the network's output (rounded to 8 bits) inside them; on a gray photo (red =
    /// green = blue outside the holes) the mean of the output's channels, so the fill stays gray.
    /// </summary>
    public static RgbImage Composite(RgbImage image, InpaintingMask mask, ReadOnlySpan<float> output)
    {
        var writer = new RgbWriter(image.Pixels.ToArray());
        ForEachHole(image.Width, image.Height, mask, output, ref writer);
        return new RgbImage(image.Width, image.Height, writer.Pixels);
    }

    /// <summary>The same for an ML.NET image: its own 4-byte pixels (format and alpha) outside the holes, opaque network colours inside.</summary>
    public static MLImage Composite(ImagePixels image, InpaintingMask mask, ReadOnlySpan<float> output)
    {
        var writer = new FourByteWriter(image.Bytes.ToArray(), image.Format == MLPixelFormat.Bgra32);
        ForEachHole(image.Width, image.Height, mask, output, ref writer);
        MLImage result = MLImage.CreateFromPixels(image.Width, image.Height, image.Format, writer.Pixels);
        result.Tag = image.Tag;
        return result;
    }

    private interface IHoleWriter
    {
        byte[] Pixels { get; }

        /// <summary>3 or 4; red, green and blue are a pixel's first three bytes in either order.</summary>
        int BytesPerPixel { get; }

        void Write(int pixel, byte red, byte green, byte blue);
    }

    private static void ForEachHole<TWriter>(int width, int height, InpaintingMask mask, ReadOnlySpan<float> output, ref TWriter writer)
        where TWriter : struct, IHoleWriter
    {
        int paddedWidth = Padded(width), paddedPlane = paddedWidth * Padded(height);
        ReadOnlySpan<byte> holes = mask.Values;

        // A gray photo gets a gray fill: the network's output is 3 channels whatever its input, and a model that drifts
        // a few levels apart between them paints colour into a black-and-white photo (issue #13); its mean is the fill.
        bool gray = IsGrayOutside(writer.Pixels, writer.BytesPerPixel, holes);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int pixel = (y * width) + x;
                if (holes[pixel] == 0)
                {
                    continue;
                }

                int o = (y * paddedWidth) + x;
                float r = output[o], g = output[paddedPlane + o], b = output[(2 * paddedPlane) + o];
                if (!float.IsFinite(r) || !float.IsFinite(g) || !float.IsFinite(b))
                {
                    // NaN and ±Inf alike: clamping +Inf to white would hide a broken model behind plausible-looking pixels.
                    throw new InvalidOperationException($"The model produced a non-finite value ({(float.IsFinite(r) ? float.IsFinite(g) ? b : g : r)}) at pixel ({x}, {y}): its weights are damaged (a diverged training run?). Re-export it from a good checkpoint.");
                }

                if (gray)
                {
                    r = g = b = (r + g + b) / 3;
                }

                writer.Write(pixel, PixelOps.UnitToByte(r), PixelOps.UnitToByte(g), PixelOps.UnitToByte(b));
            }
        }
    }

    /// <summary>Whether every pixel outside the holes has red = green = blue (a fourth byte, alpha, does not matter).</summary>
    private static bool IsGrayOutside(ReadOnlySpan<byte> pixels, int bytesPerPixel, ReadOnlySpan<byte> holes)
    {
        for (int pixel = 0; pixel < holes.Length; pixel++)
        {
            int i = bytesPerPixel * pixel;
            if (holes[pixel] == 0 && (pixels[i] != pixels[i + 1] || pixels[i] != pixels[i + 2]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Which real row/column a padded index reads.</summary>
    private static int SourceIndex(int index, int size, PaddingMode mode) =>
        index < size ? index : mode == PaddingMode.Reflect ? (2 * (size - 1)) - index : size - 1;

    private readonly struct RgbWriter(byte[] pixels) : IHoleWriter
    {
        public byte[] Pixels => pixels;

        public int BytesPerPixel => 3;

        public void Write(int pixel, byte red, byte green, byte blue)
        {
            pixels[3 * pixel] = red;
            pixels[(3 * pixel) + 1] = green;
            pixels[(3 * pixel) + 2] = blue;
        }
    }

    private readonly struct FourByteWriter(byte[] pixels, bool bgra) : IHoleWriter
    {
        public byte[] Pixels => pixels;

        public int BytesPerPixel => 4;

        public void Write(int pixel, byte red, byte green, byte blue) =>
            MemoryMarshal.Cast<byte, uint>(pixels.AsSpan())[pixel] = bgra
                ? blue | ((uint)green << 8) | ((uint)red << 16) | 0xFF000000u
                : red | ((uint)green << 8) | ((uint)blue << 16) | 0xFF000000u;
    }
}
