using GlcicML.Imaging;
using GlcicML.Masks;
using GlcicML.PostProcessing;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Tests.PostProcessing;

public class PostProcessingPropertyTests
{
    [Fact]
    public void Blend_GivesBackALinearRamp_WhoseHoleCarriesAConstantShift()
    {
        // The source is the ramp shifted by 25 levels inside the hole (a seam all round). The destination is the ramp
        // around the hole and in its 3-pixel rim, where the blend takes the destination's forward differences (which
        // reach one pixel further in), and flat grey in the core beyond: so the core can only come back as the ramp
        // through the source's gradient and an exact solve.
        RgbImage ramp = Ramp(120, 90, shift: 0);
        InpaintingMask mask = InpaintingMask.FromRectangles(120, 90, [new PixelRectangle(30, 20, 50, 40)]);
        InpaintingMask core = InpaintingMask.FromRectangles(120, 90, [new PixelRectangle(34, 24, 42, 32)]);
        RgbImage composite = Composite(ramp, Ramp(120, 90, shift: 25), mask);
        RgbImage destination = Composite(ramp, RgbImage.Solid(120, 90, 128, 128, 128), core);

        RgbImage blended = PoissonBlending.Blend(composite, destination, mask);

        Assert.True(MaxHoleDifference(blended, ramp, mask) <= 2, $"max difference {MaxHoleDifference(blended, ramp, mask)}");
        Assert.True(MaxHoleDifference(composite, ramp, mask) >= 25);
        Assert.True(MaxHoleDifference(destination, ramp, mask) >= 25);
    }

    [Fact]
    public void TeleaThenBlend_TakesTheShiftOutOfARamp_UpToTeleasLagOnASlope()
    {
        // The whole pipeline on the same ramp. OpenCV's Telea (which ours reproduces) adds a unit-length gradient term
        // rather than the gradient itself, so on a slope of one level per pixel it lags by a few levels within its
        // 3-pixel rim, and the blend carries that rim into the hole: the shift of 25 goes, a few levels of lag stay.
        RgbImage ramp = Ramp(120, 90, shift: 0);
        InpaintingMask mask = InpaintingMask.FromRectangles(120, 90, [new PixelRectangle(30, 20, 50, 40)]);
        RgbImage composite = Composite(ramp, Ramp(120, 90, shift: 25), mask);

        RgbImage result = InpaintingPostProcessor.Apply(composite, mask, PostProcessingOptions.Default);

        (double mean, int max) = Difference(result, ramp, mask);
        Assert.True(mean <= 2 && max <= 6, $"mean {mean:F2}, max {max}");
    }

    [Fact]
    public void FlippingImageAndMask_FlipsTheResult()
    {
        RgbImage image = RgbImage.Load(Samples.PathOf("coffee.png")).Resize(160, 100);
        InpaintingMask mask = MaskGenerator.Generate(160, 100, new MaskGeneratorOptions { MinHoleSize = 10, MaxHoleSize = 30, MinHoleCount = 2, MaxHoleCount = 3 }, 4);

        RgbImage result = InpaintingPostProcessor.Apply(image, mask, PostProcessingOptions.Default);
        RgbImage flippedResult = InpaintingPostProcessor.Apply(FlipHorizontally(image), FlipHorizontally(mask), PostProcessingOptions.Default);

        // Not bit-identical: fast marching visits equal arrival times in raster order, so under a mirror different
        // neighbours are already filled when a pixel is computed, and the blend carries those differences inward.
        (double mean, int max) = Difference(FlipHorizontally(flippedResult), result, mask);
        Assert.True(mean <= 2.5 && max <= 48, $"mean {mean:F2}, max {max}");
    }

    [Fact]
    public void SeveralDisjointHoles_AreAllFilled_FromTheirOwnSurroundings()
    {
        var image = RgbImage.Solid(100, 60, 200, 10, 10);
        byte[] pixels = image.Pixels.ToArray();
        for (int y = 0; y < 60; y++)
        {
            for (int x = 50; x < 100; x++)
            {
                (pixels[((y * 100) + x) * 3], pixels[(((y * 100) + x) * 3) + 2]) = (10, 200); // right half blue
            }
        }

        image = RgbImage.FromPixels(100, 60, pixels);
        InpaintingMask mask = InpaintingMask.FromRectangles(100, 60, [new PixelRectangle(10, 20, 12, 12), new PixelRectangle(75, 20, 12, 12)]);

        RgbImage result = TeleaInpainting.Inpaint(image, mask, 3);

        Assert.True(result.Pixels[(((26 * 100) + 16) * 3)] > 190, "left hole should be red");
        Assert.True(result.Pixels[(((26 * 100) + 81) * 3) + 2] > 190, "right hole should be blue");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomMasks_OutputsStayInTheBoundaryRange_AndOutsideIsUnchanged(int seed)
    {
        RgbImage image = Samples.Gradient(70, 50, seed);
        var options = seed % 2 == 0 ? new MaskGeneratorOptions { Shape = MaskShape.FreeForm } : new MaskGeneratorOptions { MinHoleSize = 3, MaxHoleSize = 25, MinHoleCount = 1, MaxHoleCount = 5 };
        InpaintingMask mask = MaskGenerator.Generate(70, 50, options, (ulong)seed);
        int radius = 1 + (seed % 3);
        (byte Low, byte High)[] range = BoundaryRange(image, mask, reach: radius);

        RgbImage telea = TeleaInpainting.Inpaint(image, mask, radius);
        RgbImage blended = InpaintingPostProcessor.Apply(image, mask, PostProcessingOptions.Default);

        PixelAssert.OutsideUnchanged(image, telea, mask);
        PixelAssert.OutsideUnchanged(image, blended, mask);
        for (int p = 0; p < mask.PixelCount; p++)
        {
            for (int c = 0; c < 3 && mask.Values[p] != 0; c++)
            {
                // Telea adds half a level and a unit gradient term, so it may leave the range by up to 2 levels.
                Assert.InRange(telea.Pixels[(3 * p) + c], Math.Max(0, range[c].Low - 2), Math.Min(255, range[c].High + 2));
            }
        }
    }

    [Fact]
    public void FloatTelea_AgreesWithThe8BitVersion_WithinItsRounding()
    {
        RgbImage image = Samples.Gradient(60, 40, 2);
        InpaintingMask mask = InpaintingMask.FromRectangles(60, 40, [new PixelRectangle(15, 10, 20, 15)]);
        var planes = new float[3 * 60 * 40];
        image.CopyToPlanar(planes);

        float[] result = TeleaInpainting.Inpaint(planes, 60, 40, mask);
        RgbImage bytes = TeleaInpainting.Inpaint(image, mask);

        Assert.All(result, v => Assert.InRange(v, 0f, 1f));
        (double mean, _) = Difference(RgbImage.FromPlanar(result, 60, 40), bytes, mask);
        Assert.True(mean < 2, $"mean difference {mean:F2} levels");
    }

    [Fact]
    public void EmptyMask_ReturnsTheInput_FullMask_IsAClearError()
    {
        RgbImage image = Samples.Gradient(20, 20);

        Assert.True(InpaintingPostProcessor.Apply(image, InpaintingMask.Empty(20, 20), PostProcessingOptions.Default).PixelsEqual(image));
        var e = Assert.Throws<ArgumentException>(() => TeleaInpainting.Inpaint(image, InpaintingMask.FromRectangles(20, 20, [new PixelRectangle(0, 0, 20, 20)])));
        Assert.Contains("covers the whole 20x20 image", e.Message, StringComparison.Ordinal);
        Assert.Contains("no known pixel", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MasksTouchingEveryBorder_Work_AndInputsAreNotModified()
    {
        RgbImage image = Samples.Gradient(40, 30, 1);
        InpaintingMask mask = InpaintingMask.FromRectangles(40, 30, [new PixelRectangle(0, 0, 10, 8), new PixelRectangle(30, 22, 10, 8), new PixelRectangle(15, 0, 6, 30)]);
        byte[] imageBefore = image.Pixels.ToArray(), maskBefore = mask.Values.ToArray();

        RgbImage result = InpaintingPostProcessor.Apply(image, mask, PostProcessingOptions.Default);

        PixelAssert.OutsideUnchanged(image, result, mask);
        Assert.Equal(imageBefore, image.Pixels.ToArray());
        Assert.Equal(maskBefore, mask.Values.ToArray());
        Assert.False(result.PixelsEqual(image));
    }

    private static RgbImage Ramp(int width, int height, int shift)
    {
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int o = ((y * width) + x) * 3;
                pixels[o] = (byte)(40 + x + shift);
                pixels[o + 1] = (byte)(30 + y + shift);
                pixels[o + 2] = (byte)(60 + ((x + y) / 2) + shift);
            }
        }

        return RgbImage.FromPixels(width, height, pixels);
    }

    private static RgbImage Composite(RgbImage outside, RgbImage inside, InpaintingMask mask)
    {
        byte[] pixels = outside.Pixels.ToArray();
        for (int p = 0; p < mask.PixelCount; p++)
        {
            if (mask.Values[p] != 0)
            {
                inside.Pixels.Slice(3 * p, 3).CopyTo(pixels.AsSpan(3 * p, 3));
            }
        }

        return RgbImage.FromPixels(outside.Width, outside.Height, pixels);
    }

    private static int MaxHoleDifference(RgbImage a, RgbImage b, InpaintingMask mask) => Difference(a, b, mask).Max;

    private static (double Mean, int Max) Difference(RgbImage a, RgbImage b, InpaintingMask mask)
    {
        long sum = 0, count = 0;
        int max = 0;
        for (int p = 0; p < mask.PixelCount; p++)
        {
            for (int c = 0; c < 3 && mask.Values[p] != 0; c++)
            {
                int d = Math.Abs(a.Pixels[(3 * p) + c] - b.Pixels[(3 * p) + c]);
                sum += d;
                count++;
                max = Math.Max(max, d);
            }
        }

        return ((double)sum / count, max);
    }

    /// <summary>
    /// Per channel, the lowest and highest value among known pixels within <paramref name="reach"/> pixels (square
    /// neighbourhood) of a hole: Telea averages the known neighbours within its radius.
    /// </summary>
    private static (byte Low, byte High)[] BoundaryRange(RgbImage image, InpaintingMask mask, int reach)
    {
        var range = new (byte Low, byte High)[] { (255, 0), (255, 0), (255, 0) };
        for (int y = 0; y < mask.Height; y++)
        {
            for (int x = 0; x < mask.Width; x++)
            {
                if (mask.IsHole(x, y) || !NearHole(mask, x, y, reach))
                {
                    continue;
                }

                for (int c = 0; c < 3; c++)
                {
                    byte v = image.Pixels[(((y * mask.Width) + x) * 3) + c];
                    range[c] = (Math.Min(range[c].Low, v), Math.Max(range[c].High, v));
                }
            }
        }

        return range;
    }

    private static bool NearHole(InpaintingMask mask, int x, int y, int reach)
    {
        for (int dy = -reach; dy <= reach; dy++)
        {
            for (int dx = -reach; dx <= reach; dx++)
            {
                int xx = x + dx, yy = y + dy;
                if (xx >= 0 && yy >= 0 && xx < mask.Width && yy < mask.Height && mask.IsHole(xx, yy))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static RgbImage FlipHorizontally(RgbImage image)
    {
        byte[] pixels = new byte[image.Pixels.Length];
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                image.Pixels.Slice(((y * image.Width) + x) * 3, 3).CopyTo(pixels.AsSpan(((y * image.Width) + image.Width - 1 - x) * 3));
            }
        }

        return RgbImage.FromPixels(image.Width, image.Height, pixels);
    }

    private static InpaintingMask FlipHorizontally(InpaintingMask mask)
    {
        byte[] values = new byte[mask.PixelCount];
        for (int y = 0; y < mask.Height; y++)
        {
            for (int x = 0; x < mask.Width; x++)
            {
                values[(y * mask.Width) + mask.Width - 1 - x] = mask.Values[(y * mask.Width) + x];
            }
        }

        return InpaintingMask.FromValues(mask.Width, mask.Height, values);
    }
}
