using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GlcicML.Imaging;

/// <summary>Pixel layout conversions on spans. All loops are flat, branch-free per pixel where possible.</summary>
internal static class PixelOps
{
    /// <summary>1/255 as ML.NET's <c>ExtractPixels(scaleImage: 1f / 255)</c> computes it, so planar values match it bit for bit.</summary>
    public const float ByteToUnit = 1f / 255f;

    public static void FillRgb(Span<byte> rgb, byte red, byte green, byte blue)
    {
        if (red == green && green == blue)
        {
            rgb.Fill(red);
            return;
        }

        for (int i = 0; i + 2 < rgb.Length; i += 3)
        {
            rgb[i] = red;
            rgb[i + 1] = green;
            rgb[i + 2] = blue;
        }
    }

    /// <summary>Drops the fourth byte of every pixel; optionally swaps bytes 0 and 2 (BGRA to RGB).</summary>
    public static void FourToThree(ReadOnlySpan<byte> source, Span<byte> destination, bool swapRedBlue)
    {
        int pixels = destination.Length / 3;
        RequireLength(source.Length, pixels * 4, nameof(source));
        (int shift0, int shift2) = ByteShifts(swapRedBlue);
        ReadOnlySpan<uint> words = MemoryMarshal.Cast<byte, uint>(source[..(pixels * 4)]);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        for (int p = 0; p < words.Length; p++)
        {
            uint w = words[p];
            int o = p * 3;
            Unsafe.Add(ref dst, o) = (byte)(w >> shift0);
            Unsafe.Add(ref dst, o + 1) = (byte)(w >> 8);
            Unsafe.Add(ref dst, o + 2) = (byte)(w >> shift2);
        }
    }

    /// <summary>Adds an opaque alpha byte to every pixel; optionally swaps bytes 0 and 2 (RGB to BGRA).</summary>
    public static void ThreeToFour(ReadOnlySpan<byte> source, Span<byte> destination, bool swapRedBlue)
    {
        int pixels = source.Length / 3;
        RequireLength(destination.Length, pixels * 4, nameof(destination));
        (int shift0, int shift2) = ByteShifts(swapRedBlue);
        ref byte src = ref MemoryMarshal.GetReference(source);
        Span<uint> words = MemoryMarshal.Cast<byte, uint>(destination[..(pixels * 4)]);
        for (int p = 0; p < words.Length; p++)
        {
            int o = p * 3;
            words[p] = ((uint)Unsafe.Add(ref src, o) << shift0)
                | ((uint)Unsafe.Add(ref src, o + 1) << 8)
                | ((uint)Unsafe.Add(ref src, o + 2) << shift2)
                | 0xFF000000u;
        }
    }

    /// <summary>Where bytes 0 and 2 of a pixel sit in its little-endian 32-bit word, swapped or not.</summary>
    private static (int Byte0, int Byte2) ByteShifts(bool swapRedBlue) => swapRedBlue ? (16, 0) : (0, 16);

    /// <summary>The pixel count of three planes and their interleaved bytes, checked to agree.</summary>
    private static int PlanePixels(int red, int green, int blue, int interleavedBytes) =>
        green == red && blue == red && interleavedBytes >= red * 3 ? red : throw new ArgumentException("Plane lengths do not match the pixel count.");

    private static void RequireLength(int length, int needed, string name)
    {
        if (length < needed)
        {
            throw new ArgumentException($"{name} holds {length} bytes; the other span needs {needed}.", name);
        }
    }

    /// <summary>Interleaved RGB bytes to three float planes in [0, 1].</summary>
    public static void InterleavedToPlanar(ReadOnlySpan<byte> rgb, Span<float> red, Span<float> green, Span<float> blue)
    {
        int pixels = PlanePixels(red.Length, green.Length, blue.Length, rgb.Length);
        ref byte src = ref MemoryMarshal.GetReference(rgb);
        for (int p = 0; p < pixels; p++)
        {
            int o = p * 3;
            red[p] = Unsafe.Add(ref src, o) * ByteToUnit;
            green[p] = Unsafe.Add(ref src, o + 1) * ByteToUnit;
            blue[p] = Unsafe.Add(ref src, o + 2) * ByteToUnit;
        }
    }

    /// <summary>Three float planes to interleaved RGB bytes: clamped to [0, 1], rounded to nearest; NaN becomes 0.</summary>
    public static void PlanarToInterleaved(ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, Span<byte> rgb)
    {
        int pixels = PlanePixels(red.Length, green.Length, blue.Length, rgb.Length);
        ref byte dst = ref MemoryMarshal.GetReference(rgb);
        for (int p = 0; p < pixels; p++)
        {
            int o = p * 3;
            Unsafe.Add(ref dst, o) = UnitToByte(red[p]);
            Unsafe.Add(ref dst, o + 1) = UnitToByte(green[p]);
            Unsafe.Add(ref dst, o + 2) = UnitToByte(blue[p]);
        }
    }

    /// <summary>Clamps to [0, 1] and rounds to the nearest 8-bit level; NaN maps to 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte UnitToByte(float value)
    {
        // The comparison form is false for NaN, so NaN falls through to 0.
        float scaled = value * 255f + 0.5f;
        return scaled >= 255f ? (byte)255 : scaled >= 1f ? (byte)scaled : (byte)0;
    }
}
