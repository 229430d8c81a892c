using GlcicML.Filling;
using GlcicML.Imaging;
using GlcicML.Masks;
using GlcicML.Tests.TestSupport;
using Microsoft.ML.Data;

namespace GlcicML.Tests.Filling;

public class MeanColorFillTests
{
    [Fact]
    public void Accumulator_OverImagesOfDifferentSizes_WeighsEveryPixelEqually()
    {
        var accumulator = new MeanColorAccumulator();

        accumulator.Add(RgbImage.Solid(10, 10, 255, 0, 51));   // 100 pixels
        accumulator.Add(RgbImage.Solid(30, 10, 0, 255, 102));  // 300 pixels
        accumulator.Add(RgbImage.Solid(1, 1, 0, 0, 0));        // 1 pixel

        MeanColor mean = accumulator.Mean;
        Assert.Equal(401, accumulator.PixelCount);
        Assert.Equal(3, accumulator.ImageCount);
        Assert.Equal(100.0 / 401, mean.Red, 12);
        Assert.Equal(300.0 / 401, mean.Green, 12);
        Assert.Equal(((100.0 * 51) + (300.0 * 102)) / (401 * 255.0), mean.Blue, 12);
    }

    [Fact]
    public void Accumulator_MLImage_BgraAndRgba_GiveTheSameMean()
    {
        using MLImage rgba = MLImage.CreateFromPixels(2, 1, MLPixelFormat.Rgba32, [10, 20, 30, 255, 50, 60, 70, 0]);
        using MLImage bgra = MLImage.CreateFromPixels(2, 1, MLPixelFormat.Bgra32, [30, 20, 10, 255, 70, 60, 50, 0]);
        var a = new MeanColorAccumulator();
        var b = new MeanColorAccumulator();

        a.Add(rgba);
        b.Add(bgra);

        Assert.Equal(a.Mean, b.Mean);
        Assert.Equal(MeanColor.FromBytes(30, 40, 50), a.Mean);
    }

    [Fact]
    public void Accumulator_Empty_ExplainsWhyThereIsNoMean()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new MeanColorAccumulator().Mean);

        Assert.Contains("no image", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_WritesTheMeanIntoHolesOnly_AndLeavesTheInputAlone()
    {
        RgbImage image = Samples.Gradient(40, 30);
        byte[] before = image.Pixels.ToArray();
        InpaintingMask mask = InpaintingMask.FromRectangles(40, 30, [new PixelRectangle(5, 5, 10, 8), new PixelRectangle(30, 0, 10, 30)]);
        var mean = new MeanColor(0.2, 0.4, 0.6);

        RgbImage filled = MeanColorFill.Apply(image, mask, mean);

        Assert.Equal(before, image.Pixels.ToArray());
        for (int p = 0; p < mask.PixelCount; p++)
        {
            byte[] expected = mask.Values[p] == 1 ? [51, 102, 153] : before[(p * 3)..((p * 3) + 3)];
            Assert.Equal(expected, filled.Pixels.Slice(p * 3, 3).ToArray());
        }
    }

    [Theory]
    [InlineData(MLPixelFormat.Rgba32)]
    [InlineData(MLPixelFormat.Bgra32)]
    public void Apply_OnMLImage_EqualsTheRgbImagePath(MLPixelFormat format)
    {
        RgbImage image = Samples.Gradient(37, 29, 6);
        InpaintingMask mask = InpaintingMask.FromRectangles(37, 29, [new PixelRectangle(4, 2, 11, 9), new PixelRectangle(20, 15, 17, 14)]);
        var mean = new MeanColor(0.3, 0.6, 0.9);
        using MLImage ml = ToMLImage(image, format);

        using MLImage filled = MeanColorFill.Apply(ml, mask, mean);

        Assert.True(RgbImage.FromMLImage(filled).PixelsEqual(MeanColorFill.Apply(image, mask, mean)));
    }

    [Fact]
    public void Apply_EmptyMask_ReturnsTheSamePixels_FullMask_OnlyTheMean()
    {
        RgbImage image = Samples.Gradient(9, 7);

        Assert.True(MeanColorFill.Apply(image, InpaintingMask.Empty(9, 7), MeanColor.MidGray).PixelsEqual(image));
        RgbImage full = MeanColorFill.Apply(image, InpaintingMask.FromRectangles(9, 7, [new PixelRectangle(0, 0, 9, 7)]), MeanColor.MidGray);
        Assert.True(full.PixelsEqual(RgbImage.Solid(9, 7, 128, 128, 128)));
    }

    [Fact]
    public void Apply_WrongMaskSize_NamesBothSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => MeanColorFill.Apply(Samples.Gradient(8, 8), InpaintingMask.Empty(8, 9), MeanColor.MidGray));

        Assert.Contains("8x9", e.Message, StringComparison.Ordinal);
        Assert.Contains("8x8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NetworkInput_IsPlanarRgbWithTheFilledImagesValues_ThenTheMask()
    {
        RgbImage image = RgbImage.FromPixels(2, 1, [10, 20, 30, 40, 50, 60]);
        InpaintingMask mask = InpaintingMask.FromValues(2, 1, [0, 1]);
        var mean = new MeanColor(0.1, 0.2, 0.3); // 8-bit: 26, 51, 77

        float[] input = MeanColorFill.CreateNetworkInput(image, mask, mean);

        const float unit = 1f / 255f; // as ML.NET's ExtractPixels(scaleImage: 1f / 255) computes
        Assert.Equal(new[] { 10 * unit, 26 * unit, 20 * unit, 51 * unit, 30 * unit, 77 * unit, 0f, 1f }, input);
        float[] filled = new float[6];
        MeanColorFill.Apply(image, mask, mean).CopyToPlanar(filled);
        Assert.Equal(filled, input[..6]);
    }

    [Fact]
    public void MeanColor_ParseAndToString_RoundTrip_AndBadTextIsExplained()
    {
        var mean = new MeanColor(0.123456789012345, 0.5, 1);

        Assert.Equal(mean, MeanColor.Parse(mean.ToString()));
        Assert.Throws<FormatException>(() => MeanColor.Parse("red"));
        Assert.Throws<ArgumentOutOfRangeException>(() => MeanColor.Parse("0.1,0.2,1.5"));
    }

    internal static MLImage ToMLImage(RgbImage image, MLPixelFormat format)
    {
        byte[] four = new byte[image.PixelCount * 4];
        for (int p = 0; p < image.PixelCount; p++)
        {
            byte r = image.Pixels[3 * p], g = image.Pixels[(3 * p) + 1], b = image.Pixels[(3 * p) + 2];
            (four[4 * p], four[(4 * p) + 1], four[(4 * p) + 2], four[(4 * p) + 3]) = format == MLPixelFormat.Rgba32 ? (r, g, b, (byte)255) : (b, g, r, (byte)255);
        }

        return MLImage.CreateFromPixels(image.Width, image.Height, format, four);
    }

}
