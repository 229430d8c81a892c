using System.Runtime.InteropServices;

namespace GlcicML.Masks;

/// <summary>Turns four-byte pixels into 0/1 hole values with a channel, threshold and polarity.</summary>
internal static class MaskBinarizer
{
    public static void Binarize(ReadOnlySpan<byte> pixels, bool bgra, MaskReadOptions options, Span<byte> holes)
    {
        int threshold = options.ByteThreshold;
        byte hole = options.Polarity == MaskPolarity.BrightIsHole ? (byte)1 : (byte)0;
        byte known = (byte)(1 - hole);
        ReadOnlySpan<uint> words = MemoryMarshal.Cast<byte, uint>(pixels[..(holes.Length * 4)]);
        int redShift = bgra ? 16 : 0;
        int blueShift = bgra ? 0 : 16;
        MaskChannel channel = options.Channel;
        for (int i = 0; i < words.Length; i++)
        {
            uint w = words[i];
            int value = channel switch
            {
                MaskChannel.Red => (int)((w >> redShift) & 0xFF),
                MaskChannel.Green => (int)((w >> 8) & 0xFF),
                MaskChannel.Blue => (int)((w >> blueShift) & 0xFF),
                MaskChannel.Alpha => (int)(w >> 24),
                _ => Luma((int)((w >> redShift) & 0xFF), (int)((w >> 8) & 0xFF), (int)((w >> blueShift) & 0xFF)),
            };
            holes[i] = value >= threshold ? hole : known;
        }
    }

    /// <summary>Rec. 601 luma in integer arithmetic; exact (returns the value) when R = G = B.</summary>
    private static int Luma(int red, int green, int blue) => ((77 * red) + (150 * green) + (29 * blue) + 128) >> 8;
}
