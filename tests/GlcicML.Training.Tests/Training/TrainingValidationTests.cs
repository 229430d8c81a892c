using GlcicML.Filling;
using GlcicML.Masks;
using GlcicML.Scenes;
using GlcicML.Training.Data;
using GlcicML.Training.Training;

namespace GlcicML.Training.Tests.Training;

[Collection("Torch")]
public sealed class TrainingValidationTests : IDisposable
{
    private static readonly MaskGeneratorOptions SmallHoles = MaskGeneratorOptions.AuthorsInference with { MinHoleSize = 8, MaxHoleSize = 24 };
    private readonly string _folder = Directory.CreateTempSubdirectory("glcic-validation-").FullName;

    public TrainingValidationTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "photos"));
        SyntheticScene.Generate(66, 50, 1).Save(Path.Combine(_folder, "photos", "a.png"));
        SyntheticScene.Generate(48, 48, 2).Save(Path.Combine(_folder, "photos", "b.png"));
    }

    [Fact]
    public void UntrainedResidualNetwork_ScoresExactlyAsFastMarching_AndTheReferencesOrderAsExpected()
    {
        TrainingValidation validation = TrainingValidation.FromFolder(Path.Combine(_folder, "photos"), seed: 3, SmallHoles);
        using var session = GlcicTrainingSession.Start(TinyTraining.Options(4, 0, 4) with { Prefill = HolePrefill.FastMarching }, TrainingImages.Synthetic(48, 40));

        ValidationScores model = validation.Score(session.Completion, session.Mean, HolePrefill.FastMarching, TorchSharp.torch.CPU);
        (ValidationScores fastMarching, ValidationScores meanFill) = validation.References(session.Mean);

        Assert.Equal(2, validation.Count);
        Assert.Equal(fastMarching, model);
        Assert.True(fastMarching.HoleL1 < meanFill.HoleL1, $"fast marching {fastMarching}, mean fill {meanFill}");
        Assert.True(session.Completion.training, "scoring restores the network's training mode");
    }

    [Fact]
    public void Run_ValidatesAtEveryCheckpoint_KeepsTheBest_AndAResumeDropsLinesPastItsCheckpoint()
    {
        string output = Path.Combine(_folder, "run");
        string checkpoint = Path.Combine(output, "checkpoint.ckpt"), log = Path.Combine(output, "validation.csv");
        TrainingValidation validation = TrainingValidation.FromFolder(Path.Combine(_folder, "photos"), seed: 3, SmallHoles);
        using (var session = GlcicTrainingSession.Start(TinyTraining.Options(6, 0, 6) with { CheckpointEvery = 3, Optimizer = TrainingOptimizer.Adam, LearningRate = 2e-3 }, TrainingImages.Synthetic(48, 40)))
        {
            session.ValidateWith(validation, log);
            session.Run(checkpoint);

            Assert.Equal(6, session.LastValidation!.Iteration);
        }

        string[] lines = File.ReadAllLines(log);
        Assert.Equal(3, lines.Length); // header, iterations 3 and 6
        Assert.StartsWith("iteration,model_hole_l1", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("3,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",1", lines[1], StringComparison.Ordinal); // the first validation is the best so far
        Assert.True(File.Exists(Path.Combine(output, "best.ckpt")));
        Assert.Equal(TrainingCheckpoint.ReadInfo(Path.Combine(output, "best.ckpt")).Iteration, lines[2].EndsWith(",1", StringComparison.Ordinal) ? 6 : 3);

        // A killed run may have validated past its last checkpoint; resuming from that checkpoint drops those lines.
        File.AppendAllText(log, "9,0.5,10,0.1,20,0.2,15,0\n");
        using (var resumed = GlcicTrainingSession.Resume(checkpoint, TrainingImages.Synthetic(48, 40)))
        {
            resumed.ValidateWith(validation, log);
        }

        Assert.Equal(3, File.ReadAllLines(log).Length);
    }

    [Fact]
    public void Folder_WithoutImages_OrMissing_IsAClearError()
    {
        string empty = Directory.CreateDirectory(Path.Combine(_folder, "empty")).FullName;

        Assert.Contains("holds no image", Assert.Throws<ArgumentException>(() => TrainingValidation.FromFolder(empty)).Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => TrainingValidation.FromFolder(Path.Combine(_folder, "missing")));
        Assert.Contains("smaller than the largest validation hole", Assert.Throws<ArgumentException>(() => TrainingValidation.FromFolder(Path.Combine(_folder, "photos"))).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
