using GlcicML.Evaluation;
using GlcicML.Filling;
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.Scenes;
using GlcicML.Training.Evaluation;
using GlcicML.Training.Tests.Export;

namespace GlcicML.Training.Tests.Evaluation;

[Collection("Torch")]
public sealed class NaturalnessJudgeTests : IDisposable
{
    private const int Side = 32;
    private static readonly MaskGeneratorOptions Holes = new() { MinHoleSize = 16, MaxHoleSize = 28, MinHoleCount = 2, MaxHoleCount = 3 };
    private static readonly NaturalnessJudge Judge = new() { Epochs = 12 };
    private readonly string _folder = Directory.CreateTempSubdirectory("glcic-judge-").FullName;

    [Fact]
    public void TwoSamplesOfRealPatches_ScoreNearHalf_MeanFill_NearAll_AndTheSameSeedGivesTheSameScore()
    {
        var real = new List<RgbImage>();
        var filled = new List<RgbImage>();
        var groups = new List<int>();
        for (int image = 0; image < 16; image++)
        {
            RgbImage scene = SyntheticScene.Generate(96, 96, (ulong)image + 100);
            InpaintingMask mask = MaskGenerator.Generate(96, 96, Holes, (ulong)image);
            RgbImage meanFilled = MeanColorFill.Apply(scene, mask, MeanColor.MidGray);
            foreach (PixelRectangle patch in NaturalnessPatches.Around(mask, Side))
            {
                real.Add(scene.Crop(patch));
                filled.Add(meanFilled.Crop(patch));
                groups.Add(image);
            }
        }

        // Real against real: the patches of the first 8 images against those of the last 8, paired image with image.
        int[] firstHalf = [.. Enumerable.Range(0, real.Count).Where(i => groups[i] < 8)];
        int[] secondHalf = [.. Enumerable.Range(0, real.Count).Where(i => groups[i] >= 8)];
        int pairs = Math.Min(firstHalf.Length, secondHalf.Length);

        NaturalnessScore realVersusReal = Judge.Judge([.. firstHalf[..pairs].Select(i => real[i])], [.. secondHalf[..pairs].Select(i => real[i])], [.. firstHalf[..pairs].Select(i => groups[i])], seed: 1);
        NaturalnessScore meanFill = Judge.Judge(real, filled, groups, seed: 1);
        NaturalnessScore again = Judge.Judge(real, filled, groups, seed: 1);

        Assert.InRange(realVersusReal.Accuracy, 0.25, 0.75);
        Assert.True(realVersusReal.Low < 0.5 && realVersusReal.High > 0.5, $"real vs real: {realVersusReal}");
        Assert.True(meanFill.Accuracy >= 0.9, $"mean fill: {meanFill}");
        Assert.Equal(meanFill, again);
    }

    [Fact]
    public void Evaluator_WithTheJudge_ReportsEveryMethodAndTheCalibration()
    {
        for (int image = 0; image < 8; image++)
        {
            SyntheticScene.Generate(80, 72, (ulong)image).Save(Path.Combine(_folder, $"{image}.png"));
        }

        using GlcicInpainter inpainter = GlcicInpainter.FromBytes(FixtureModelTests.TinyRandomModel(), "tiny.onnx");

        EvaluationReport report = InpaintingEvaluator.Evaluate(inpainter, _folder, MaskSource.Generated(Holes, 3), naturalness: new NaturalnessOptions(Judge, Side, Seed: 2));

        Assert.Equal([.. InpaintingEvaluator.Methods, InpaintingEvaluator.RealVersusReal], report.Naturalness.Select(n => n.Method));
        Assert.All(report.Naturalness, n => Assert.InRange(n.Score.Accuracy, 0, 1));
        Assert.True(report.Naturalness.Single(n => n.Method == "mean-fill").Score.Accuracy >= 0.8, string.Join("; ", report.Naturalness));
    }

    [Fact]
    public void JudgeDiscovery_FindsTheTrainingPackagesJudge()
    {
        INaturalnessJudge? judge = NaturalnessJudges.TryCreate(out string reason);

        Assert.IsType<NaturalnessJudge>(judge);
        Assert.Empty(reason);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
