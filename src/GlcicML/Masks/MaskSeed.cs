using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace GlcicML.Masks;

/// <summary>
/// Derives the seed of one row's mask from a run seed and the row's identity, so a row gets the same mask whatever
/// the order, parallelism or number of passes in which rows are read.
/// </summary>
public static class MaskSeed
{
    /// <summary>Seed for the row identified by a key, such as its path relative to the dataset folder.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="rowKey">A string that identifies the row (the same key always gets the same mask).</param>
    /// <param name="pass">0 for the fixed mask; 1, 2, … for fresh masks on later passes.</param>
    public static ulong ForKey(int seed, string rowKey, int pass = 0)
    {
        ArgumentNullException.ThrowIfNull(rowKey);
        return Combine(seed, KeyIdentity(rowKey), pass);
    }

    /// <summary>Seed for a row identified by its content: the image's size and pixels. Identical images get identical masks.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="image">The row's image.</param>
    /// <param name="pass">0 for the fixed mask; 1, 2, … for fresh masks on later passes.</param>
    public static ulong ForContent(int seed, RgbImage image, int pass = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Combine(seed, ContentIdentity(image), pass);
    }

    internal static ulong KeyIdentity(string rowKey) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(rowKey.AsSpan()));

    /// <summary>Content identities live in a different range from key identities, so a key never collides with content by design.</summary>
    internal static ulong ContentIdentity(RgbImage image)
    {
        long sizeSeed = ((long)image.Width << 32) | (uint)image.Height;
        return XxHash3.HashToUInt64(image.Pixels, sizeSeed) ^ 0x5A5A5A5A5A5A5A5AUL;
    }

    /// <summary>
    /// The same identity as <see cref="ContentIdentity(RgbImage)"/> for the same colours, computed from an ML.NET
    /// image's pixels in chunks (either pixel order), without building an <see cref="RgbImage"/>.
    /// </summary>
    internal static ulong ContentIdentity(Microsoft.ML.Data.MLImage image)
    {
        bool bgra = image.PixelFormat == Microsoft.ML.Data.MLPixelFormat.Bgra32;
        var hash = new XxHash3(((long)image.Width << 32) | (uint)image.Height);
        ReadOnlySpan<byte> pixels = image.Pixels;
        Span<byte> chunk = stackalloc byte[3 * 1024];
        for (int start = 0; start < pixels.Length; start += 4 * 1024)
        {
            ReadOnlySpan<byte> source = pixels[start..Math.Min(pixels.Length, start + (4 * 1024))];
            Span<byte> rgb = chunk[..(source.Length / 4 * 3)];
            PixelOps.FourToThree(source, rgb, bgra);
            hash.Append(rgb);
        }

        return hash.GetCurrentHashAsUInt64() ^ 0x5A5A5A5A5A5A5A5AUL;
    }

    internal static ulong Combine(int seed, ulong identity, int pass) => MaskRandom.Mix((ulong)(uint)seed, identity, (ulong)(uint)pass);
}
