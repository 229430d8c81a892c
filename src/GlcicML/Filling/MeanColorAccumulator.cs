using System.Runtime.InteropServices;

namespace GlcicML.Filling;

/// <summary>
/// Accumulates the per-channel mean pixel value over images of any size and count: every pixel of every image
/// weighs the same.
/// </summary>
/// <remarks>Sums are kept as exact 64-bit integers (they cannot overflow below 3.6·10^16 pixels), so the mean does not
/// depend on the order in which images arrive.</remarks>
public sealed class MeanColorAccumulator
{
    private long _red, _green, _blue;

    /// <summary>Pixels accumulated so far.</summary>
    public long PixelCount { get; private set; }

    /// <summary>Images accumulated so far.</summary>
    public long ImageCount { get; private set; }

    /// <summary>Adds every pixel of an image.</summary>
    public void Add(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        AddInterleaved(image.Pixels, 3, swapRedBlue: false);
    }

    /// <summary>Adds every pixel of an ML.NET image (alpha ignored).</summary>
    public void Add(MLImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        bool bgra = image.PixelFormat switch
        {
            MLPixelFormat.Bgra32 => true,
            MLPixelFormat.Rgba32 => false,
            _ => throw new NotSupportedException($"MLImage pixel format {image.PixelFormat} is not supported; expected Bgra32 or Rgba32."),
        };
        AddInterleaved(image.Pixels, 4, bgra);
    }

    /// <summary>
    /// The mean colour over every readable image file of <paramref name="paths"/> (files that cannot be read are left
    /// out: the caller reports them where it processes them).
    /// </summary>
    /// <exception cref="InvalidOperationException">No file could be read.</exception>
    public static MeanColorAccumulator OverFiles(IEnumerable<string> paths, ImageReadOptions? readOptions = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var accumulator = new MeanColorAccumulator();
        foreach (string path in paths)
        {
            try
            {
                accumulator.Add(RgbImage.Load(path, readOptions));
            }
            catch (ImageLoadException)
            {
            }
        }

        return accumulator.PixelCount > 0 ? accumulator : throw new InvalidOperationException("No readable image in the input, so there is no mean colour to fill with.");
    }

    /// <summary>The mean so far.</summary>
    /// <exception cref="InvalidOperationException">No pixel has been added.</exception>
    public MeanColor Mean
    {
        get
        {
            if (PixelCount == 0)
            {
                throw new InvalidOperationException("The mean colour is undefined: no image was seen (the data has no rows, or every image was missing).");
            }

            double scale = 1.0 / (255.0 * PixelCount);
            return new MeanColor(_red * scale, _green * scale, _blue * scale);
        }
    }

    private void AddInterleaved(ReadOnlySpan<byte> pixels, int stride, bool swapRedBlue)
    {
        long c0 = 0, c1 = 0, c2 = 0;
        if (stride == 4)
        {
            foreach (uint w in MemoryMarshal.Cast<byte, uint>(pixels))
            {
                c0 += w & 0xFF;
                c1 += (w >> 8) & 0xFF;
                c2 += (w >> 16) & 0xFF;
            }
        }
        else
        {
            for (int i = 0; i + 2 < pixels.Length; i += 3)
            {
                c0 += pixels[i];
                c1 += pixels[i + 1];
                c2 += pixels[i + 2];
            }
        }

        _red += swapRedBlue ? c2 : c0;
        _green += c1;
        _blue += swapRedBlue ? c0 : c2;
        PixelCount += pixels.Length / stride;
        ImageCount++;
    }
}
