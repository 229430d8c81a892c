using GlcicML.Imaging;
using GlcicML.Masks;

namespace GlcicML.Tests.TestSupport;

/// <summary>Pixel-level assertions shared by the test projects.</summary>
internal static class PixelAssert
{
    /// <summary>Every pixel outside the mask's holes has the same value in both images.</summary>
    public static void OutsideUnchanged(RgbImage input, RgbImage output, InpaintingMask mask)
    {
        for (int p = 0; p < mask.PixelCount; p++)
        {
            if (mask.Values[p] == 0)
            {
                Assert.True(output.Pixels.Slice(3 * p, 3).SequenceEqual(input.Pixels.Slice(3 * p, 3)), $"pixel {p} outside the hole changed");
            }
        }
    }
}
