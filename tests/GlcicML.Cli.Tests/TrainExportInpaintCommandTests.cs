using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Cli.Tests.TestSupport;
using GlcicML.Masks;
using GlcicML.Tests.TestSupport;
using GlcicML.Training.Training;

namespace GlcicML.Cli.Tests;

public class TrainExportInpaintCommandTests
{
    private static readonly string[] Tiny = ["--size", "32", "--hole-min", "8", "--hole-max", "16", "--batch-size", "4", "--width", "0.125", "--threads", "2"];

    [Fact]
    public void Train_WritesCheckpointLogAndModel_ProtectsTheCheckpoint_AndResumes()
    {
        using var temp = new TempFolder();
        string output = temp.Combine("run");

        (int first, string stdout, _) = Glcic.Run(["train", "--synthetic", "-o", output, "--iterations", "6", "--tc", "3", "--td", "1", .. Tiny]);
        (int again, _, string stderr) = Glcic.Run(["train", "--synthetic", "-o", output, "--iterations", "6", .. Tiny]);
        (int resumed, string resumedOut, _) = Glcic.Run(["train", "--synthetic", "-o", output, "--resume", "--iterations", "9"]);

        Assert.Equal(0, first);
        Assert.Contains("model: ", stdout, StringComparison.Ordinal);
        Assert.Contains("projected wall time: ", stdout, StringComparison.Ordinal); // from iterations 2-6
        Assert.Contains("optimizer=adadelta lr=1 schedule=constant loss=crop-mse", stdout, StringComparison.Ordinal);
        Assert.Equal(2, again);
        Assert.Contains("--resume", stderr, StringComparison.Ordinal);
        Assert.Equal(0, resumed);
        Assert.Contains("resumed", resumedOut, StringComparison.Ordinal);
        Assert.Equal(9, TrainingCheckpoint.ReadInfo(Path.Combine(output, "checkpoint.ckpt")).Iteration);
        Assert.Equal(1 + 9, File.ReadAllLines(Path.Combine(output, "training-log.csv")).Length);
        using var model = GlcicInpainter.Load(Path.Combine(output, "model.onnx"));
        Assert.Equal(9, model.ModelInfo.Iterations);
    }

    [Fact]
    public void Train_WithATimeLimit_StopsWithACheckpointAndExitZero_AndResumes()
    {
        using var temp = new TempFolder();
        string output = temp.Combine("run");

        (int exit, string stdout, string stderr) = Glcic.Run(["train", "--synthetic", "-o", output, "--iterations", "1000000", "--tc", "1000000", "--td", "0",
            "--checkpoint-every", "1000000", "--time-limit", "0:00:02", .. Tiny]);
        long stoppedAt = TrainingCheckpoint.ReadInfo(Path.Combine(output, "checkpoint.ckpt")).Iteration;
        (int resumed, _, _) = Glcic.Run(["train", "--synthetic", "-o", output, "--resume", "--iterations", (stoppedAt + 2).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        (int zero, _, string zeroError) = Glcic.Run(["train", "--synthetic", "-o", temp.Combine("other"), "--time-limit", "0:00:00", .. Tiny]);

        Assert.True(exit == 0, stderr);
        Assert.Contains($"time limit of 00:00:02 reached at iteration {stoppedAt:N0}; checkpoint written", stdout, StringComparison.Ordinal);
        Assert.InRange(stoppedAt, 1, 999_999);
        Assert.True(File.Exists(Path.Combine(output, "model.onnx")));
        Assert.Equal(0, resumed);
        Assert.Equal(stoppedAt + 2, TrainingCheckpoint.ReadInfo(Path.Combine(output, "checkpoint.ckpt")).Iteration);
        Assert.NotEqual(0, zero);
        Assert.Contains("--time-limit must be positive", zeroError, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WithFastMarchingPrefillAndValidation_ScoresEachCheckpoint_AndExportsTheBestModel()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Combine("held-out"));
        GlcicML.Scenes.SyntheticScene.Generate(160, 132, 5).Save(temp.Combine("held-out", "a.png"));
        string output = temp.Combine("run");

        (int exit, string stdout, string stderr) = Glcic.Run(["train", "--synthetic", "-o", output, "--iterations", "4", "--tc", "4", "--td", "0", "--checkpoint-every", "2",
            "--optimizer", "adam", "--loss", "hole-l1", "--prefill", "fast-marching", "--grayscale", "0.5", "--precision", "bf16", "--hole-curriculum", "2", "--validation", temp.Combine("held-out"), .. Tiny]);

        Assert.True(exit == 0, stderr);
        Assert.Contains("prefill=fast-marching gray=0.5 precision=bf16 curriculum=2", stdout, StringComparison.Ordinal);
        Assert.Contains("hole L1 ", stdout, StringComparison.Ordinal);
        Assert.Contains("validation at iteration 2: model L1 ", stdout, StringComparison.Ordinal);
        Assert.Contains("validation at iteration 4: model L1 ", stdout, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "validation.csv")).Length);
        using var best = GlcicInpainter.Load(Path.Combine(output, "best.onnx"));
        Assert.Equal(GlcicML.Filling.HolePrefill.FastMarching, best.ModelInfo.Prefill);
        Assert.EndsWith("precision=bf16 curriculum=2", best.ModelInfo.Recipe, StringComparison.Ordinal);
        Assert.Contains(best.ModelInfo.Iterations, new long[] { 2, 4 });
        (int curves, string curvesOut, _) = Glcic.Run(["curves", output]);
        Assert.Equal(0, curves);
        Assert.Contains("4 logged iterations, 2 validations", curvesOut, StringComparison.Ordinal);
        Assert.Contains("validation hole L1", File.ReadAllText(Path.Combine(output, "curves.svg")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "curves.png")));
    }

    [Fact]
    public void Train_WarmStart_ContinuesTheCompletionNetworkOnANewSchedule_AndExcludesResume()
    {
        using var temp = new TempFolder();
        string first = temp.Combine("first");
        Glcic.Run(["train", "--synthetic", "-o", first, "--iterations", "3", "--tc", "3", "--td", "0", .. Tiny]);
        string checkpoint = Path.Combine(first, "checkpoint.ckpt");

        (int warm, string warmOut, _) = Glcic.Run(["train", "--synthetic", "-o", temp.Combine("warm"), "--warm-start", checkpoint, "--iterations", "2", "--tc", "2", "--td", "0", .. Tiny]);
        (int both, _, string bothError) = Glcic.Run(["train", "--synthetic", "-o", temp.Combine("both"), "--resume", "--warm-start", checkpoint, .. Tiny]);

        (int neither, _, string neitherError) = Glcic.Run(["train", "-o", temp.Combine("neither"), .. Tiny]);
        (int unknown, _, _) = Glcic.Run(["train", "--synthetic", "-o", temp.Combine("unknown"), "--no-such-option"]);

        Assert.Equal(2, neither); // a usage error, as the README says, not System.CommandLine's 1
        Assert.Contains("--synthetic", neitherError, StringComparison.Ordinal);
        Assert.Equal(2, unknown);
        Assert.Equal(0, warm);
        Assert.Contains("warm-starting from the completion network of", warmOut, StringComparison.Ordinal);
        Assert.Equal(2, TrainingCheckpoint.ReadInfo(temp.Combine("warm", "checkpoint.ckpt")).Iteration);
        Assert.NotEqual(0, both);
        Assert.Contains("give at most one", bothError, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OnAFolder_ReportsUnreadableFiles_AndAnEmptyFolderClearly()
    {
        using var temp = new TempFolder();
        for (int i = 0; i < 4; i++)
        {
            Scenes.SyntheticScene.Generate(48, 40, (ulong)i).Save(temp.Combine("data", $"s{i}.png"));
        }

        temp.WriteBytes("data/broken.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2]);
        Directory.CreateDirectory(temp.Combine("empty"));

        (int exit, string stdout, _) = Glcic.Run(["train", "-d", temp.Combine("data"), "-o", temp.Combine("run"), "--iterations", "3", "--tc", "3", "--td", "0", .. Tiny]);
        (int emptyExit, _, string emptyError) = Glcic.Run(["train", "-d", temp.Combine("empty"), "-o", temp.Combine("run2"), .. Tiny]);

        Assert.Equal(0, exit);
        Assert.Contains("skipped broken.jpg", stdout, StringComparison.Ordinal);
        Assert.Equal(2, emptyExit);
        Assert.Contains("No training images", emptyError, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_Int8_ThenInpaint_AFolder_KeepsPixelsOutsideTheHoles()
    {
        using var temp = new TempFolder();
        Glcic.Run(["train", "--synthetic", "-o", temp.Combine("run"), "--iterations", "2", "--tc", "2", "--td", "0", .. Tiny]);
        (int exported, string exportOut, _) = Glcic.Run(["export", "-c", temp.Combine("run", "checkpoint.ckpt"), "-o", temp.Combine("int8.onnx"), "--precision", "Int8", "--calibration-count", "3"]);
        RgbImage photo = Samples.Gradient(40, 30);
        photo.Save(temp.Combine("in", "a.png"));
        InpaintingMask mask = InpaintingMask.FromRectangles(40, 30, [new PixelRectangle(5, 5, 10, 10)]);
        mask.Save(temp.Combine("masks", "a.png"));
        temp.WriteBytes("in/empty.png", []);

        (int inpainted, string stdout, string stderr) = Glcic.Run(["inpaint", "--model", temp.Combine("int8.onnx"), "-i", temp.Combine("in"), "-m", temp.Combine("masks"), "-o", temp.Combine("out")]);

        Assert.Equal(0, exported);
        Assert.Contains("int8", exportOut, StringComparison.Ordinal);
        Assert.Equal(1, inpainted);
        Assert.Contains("empty.png", stderr, StringComparison.Ordinal);
        Assert.Contains("1 written", stdout, StringComparison.Ordinal);
        RgbImage result = RgbImage.Load(temp.Combine("out", "a.png"));
        for (int p = 0; p < mask.PixelCount; p++)
        {
            if (mask.Values[p] == 0)
            {
                Assert.True(result.Pixels.Slice(3 * p, 3).SequenceEqual(photo.Pixels.Slice(3 * p, 3)));
            }
        }
    }

    [Fact]
    public void Inpaint_OnACpuOnlyMachine_FallsBackFromCuda_AndSaysSo()
    {
        using var temp = new TempFolder();
        Samples.Gradient(16, 16).Save(temp.Combine("in", "x.png"));

        (int exit, string stdout, _) = Glcic.Run(["inpaint", "--model", Samples.TinyModel, "-i", temp.Combine("in"), "-o", temp.Combine("out"), "--device", "cuda:0", "--random-masks", "FreeForm"]);

        Assert.Equal(0, exit);
        Assert.Contains("running on the CPU instead", stdout, StringComparison.Ordinal);
    }
}
