using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.PostProcessing;
using GlcicML.Cli.Tests.TestSupport;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Cli.Tests;

public class PostprocessCommandTests
{
    private static string Fixture(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "opencv", "coffee-strokes", file);

    [Fact]
    public void Postprocess_WritesTheLibrarysResult_AndTeleaOnlyWithRadius5_IsOpenCvsInpaint()
    {
        using var temp = new TempFolder();

        (int both, string stdout, _) = Glcic.Run(["postprocess", "--image", Fixture("composite.png"), "--mask", Fixture("mask.png"), "--output", temp.Combine("out", "both.png")]);
        (int telea, _, _) = Glcic.Run(["postprocess", "--image", Fixture("composite.png"), "-m", Fixture("mask.png"), "-o", temp.Combine("telea.png"), "--telea-only", "--radius", "5"]);

        Assert.Equal(0, both);
        Assert.Equal(0, telea);
        Assert.Contains("Poisson blending", stdout, StringComparison.Ordinal);
        RgbImage composite = RgbImage.Load(Fixture("composite.png"));
        InpaintingMask mask = InpaintingMask.Load(Fixture("mask.png"));
        Assert.True(RgbImage.Load(temp.Combine("out", "both.png")).PixelsEqual(InpaintingPostProcessor.Apply(composite, mask)));
        Assert.True(RgbImage.Load(temp.Combine("telea.png")).PixelsEqual(RgbImage.Load(Fixture("telea_r5.png"))));
    }

    [Fact]
    public void Postprocess_WithAMaskOfAnotherSize_OrABadRadius_IsOneClearLine()
    {
        using var temp = new TempFolder();
        InpaintingMask.FromRectangles(10, 10, [new PixelRectangle(2, 2, 3, 3)]).Save(temp.Combine("small.png"));

        (int mismatch, _, string stderr) = Glcic.Run(["postprocess", "--image", Fixture("composite.png"), "--mask", temp.Combine("small.png"), "--output", temp.Combine("x.png")]);
        (int radius, _, string radiusError) = Glcic.Run(["postprocess", "--image", Fixture("composite.png"), "--mask", Fixture("mask.png"), "--output", temp.Combine("x.png"), "--radius", "0"]);

        Assert.Equal(2, mismatch);
        Assert.Contains("is 10x10 but the image", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.NotEqual(0, radius);
        Assert.Contains("--radius must be between 1 and 100", radiusError, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Combine("x.png")));
    }

    [Fact]
    public void Inpaint_WithPostprocess_PolishesEachNetworkResult()
    {
        using var temp = new TempFolder();
        RgbImage photo = RgbImage.Load(Samples.PathOf("coffee.png")).Resize(64, 48);
        photo.Save(temp.Combine("in", "coffee.png"));
        InpaintingMask mask = InpaintingMask.FromRectangles(64, 48, [new PixelRectangle(20, 12, 16, 14)]);
        mask.Save(temp.Combine("mask.png"));

        (int exit, string stdout, _) = Glcic.Run(["inpaint", "--model", Samples.TinyModel, "-i", temp.Combine("in"), "-m", temp.Combine("mask.png"), "-o", temp.Combine("out"), "--postprocess"]);

        Assert.Equal(0, exit);
        Assert.Contains("Poisson blending", stdout, StringComparison.Ordinal);
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel);
        RgbImage expected = InpaintingPostProcessor.Apply(inpainter.Inpaint(photo, mask), mask);
        Assert.True(RgbImage.Load(temp.Combine("out", "coffee.png")).PixelsEqual(expected));
    }
}
