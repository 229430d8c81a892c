using GlcicML.Imaging;
using GlcicML.Masks;
using GlcicML.PostProcessing;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Tests.PostProcessing;

/// <summary>GlcicML's Telea and Poisson blend against OpenCV 4.13 outputs (Fixtures/opencv), over the hole pixels.</summary>
public class OpenCvParityTests
{
    public static TheoryData<string> Cases => new() { "astronaut-rects", "astronaut-border", "coffee-strokes", "grass-strokes", "rocket-rects" };

    public static TheoryData<string> BlendCases => new() { "astronaut-rects", "coffee-strokes", "grass-strokes", "rocket-rects" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Telea_Radius1And5_MatchOpenCv_AndKeepEverythingOutsideTheHole(string name)
    {
        (RgbImage composite, InpaintingMask mask) = Load(name);
        foreach ((int radius, string file) in new[] { (1, "telea_r1.png"), (5, "telea_r5.png") })
        {
            RgbImage ours = TeleaInpainting.Inpaint(composite, mask, radius);
            (double mean, double p99) = HoleDifference(ours, RgbImage.Load(Path(name, file)), mask);

            Assert.True(mean <= 2.0 && p99 <= 12, $"{name} r{radius}: mean {mean:F2}, p99 {p99} levels from OpenCV (bounds 2.0 / 12)");

            // Stronger than the bound: the port reproduces OpenCV's arithmetic and front order, so it is exact here.
            Assert.True(ours.PixelsEqual(RgbImage.Load(Path(name, file))), $"{name} r{radius}: not pixel-identical to OpenCV (mean {mean:F3})");
            PixelAssert.OutsideUnchanged(composite, ours, mask);
        }
    }

    [Theory]
    [MemberData(nameof(BlendCases))]
    public void Blend_OnOpenCvsTeleaResult_MatchesOpenCvsSeamlessClone(string name)
    {
        (RgbImage composite, InpaintingMask mask) = Load(name);
        RgbImage telea = RgbImage.Load(Path(name, "telea_r1.png"));

        RgbImage ours = PoissonBlending.Blend(composite, telea, mask);

        (double mean, double p99) = HoleDifference(ours, RgbImage.Load(Path(name, "blend.png")), mask);
        Assert.True(mean <= 4.0 && p99 <= 24, $"{name}: mean {mean:F2}, p99 {p99} levels from OpenCV (bounds 4.0 / 24)");
        PixelAssert.OutsideUnchanged(composite, ours, mask);
    }

    [Theory]
    [MemberData(nameof(BlendCases))]
    public void TeleaThenBlend_OurPipelineEndToEnd_MatchesOpenCv(string name)
    {
        (RgbImage composite, InpaintingMask mask) = Load(name);

        RgbImage ours = PoissonBlending.Blend(composite, TeleaInpainting.Inpaint(composite, mask, 1), mask);

        (double mean, double p99) = HoleDifference(ours, RgbImage.Load(Path(name, "blend.png")), mask);
        Assert.True(mean <= 4.0 && p99 <= 24, $"{name}: mean {mean:F2}, p99 {p99} levels from OpenCV (bounds 4.0 / 24)");
    }

    internal static (RgbImage Composite, InpaintingMask Mask) Load(string name) =>
        (RgbImage.Load(Path(name, "composite.png")), InpaintingMask.Load(Path(name, "mask.png")));

    internal static string Path(string name, string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "opencv", name, file);

    /// <summary>Mean and 99th percentile of |ours − reference| over every channel of every hole pixel.</summary>
    internal static (double Mean, double P99) HoleDifference(RgbImage ours, RgbImage reference, InpaintingMask mask)
    {
        var differences = new List<int>();
        for (int p = 0; p < mask.PixelCount; p++)
        {
            if (mask.Values[p] != 0)
            {
                for (int c = 0; c < 3; c++)
                {
                    differences.Add(Math.Abs(ours.Pixels[(3 * p) + c] - reference.Pixels[(3 * p) + c]));
                }
            }
        }

        differences.Sort();
        return (differences.Average(), differences[(int)Math.Ceiling(0.99 * differences.Count) - 1]);
    }
}
