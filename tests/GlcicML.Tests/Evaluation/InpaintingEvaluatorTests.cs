using GlcicML.Evaluation;
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.PostProcessing;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Tests.Evaluation;

public class InpaintingEvaluatorTests
{
    [Fact]
    public void EveryMethod_IsScoredOnEveryImage_WithTheLibrarysOwnResults_AndBadFilesAreListed()
    {
        using var temp = new TempFolder();
        RgbImage.Load(Samples.PathOf("coffee.png")).Resize(64, 48).Save(temp.Combine("data", "coffee.png"));
        RgbImage.Load(Samples.PathOf("horse.png")).Resize(48, 40).Save(temp.Combine("data", "sub", "horse.png"));
        temp.WriteBytes("data/broken.png", "text"u8.ToArray());
        var holes = new MaskGeneratorOptions { MinHoleSize = 8, MaxHoleSize = 16, MinHoleCount = 1, MaxHoleCount = 2 };
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel);

        EvaluationReport report = InpaintingEvaluator.Evaluate(inpainter, temp.Combine("data"), MaskSource.Generated(holes, 5));

        Assert.Equal(["coffee.png", "sub/horse.png"], report.Images.Select(i => i.Input));
        Assert.Equal(("broken.png", "NotAnImage"), (Assert.Single(report.Failures).Input, report.Failures[0].Reason));
        Assert.Equal(InpaintingEvaluator.Methods, report.Summary.Select(s => s.Method));
        Assert.Contains("seed 5", report.Masks, StringComparison.Ordinal);

        // The coffee image's scores are the metrics of the library's own results.
        RgbImage truth = RgbImage.Load(temp.Combine("data", "coffee.png"));
        InpaintingMask mask = MaskGenerator.Generate(64, 48, holes, MaskSeed.ForKey(5, "coffee.png"));
        RgbImage model = inpainter.Inpaint(truth, mask);
        MethodScores[] coffee = [.. InpaintingEvaluator.Methods.Select(m => report.Images[0].Methods[m])];
        Assert.Equal(ImageMetrics.Psnr(model, truth, mask), coffee[0].Hole.Psnr);
        Assert.Equal(ImageMetrics.Ssim(InpaintingPostProcessor.Apply(model, mask), truth, mask), coffee[1].Hole.Ssim);
        Assert.Equal(ImageMetrics.MeanAbsoluteError(TeleaInpainting.Inpaint(truth, mask, 5), truth), coffee[2].Whole.L1);
        Assert.Equal(mask.HoleFraction, report.Images[0].HoleFraction);

        // Outside the holes every method keeps the truth, so whole-image scores beat hole scores.
        Assert.All(report.Images.SelectMany(i => i.Methods.Values), s => Assert.True(s.Whole.Psnr > s.Hole.Psnr));
        MethodSummary meanFill = report.Summary[3];
        Assert.Equal(report.Images.Average(i => i.Methods["mean-fill"].Hole.L1), meanFill.HoleL1.Mean, 12);

        report.Save(temp.Combine("metrics.json"));
        Assert.Contains("\"holePsnr\"", File.ReadAllText(temp.Combine("metrics.json")), StringComparison.Ordinal);
    }
}
