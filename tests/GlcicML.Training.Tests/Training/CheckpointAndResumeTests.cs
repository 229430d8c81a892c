using GlcicML.Training.Data;
using GlcicML.Training.Training;

namespace GlcicML.Training.Tests.Training;

[Collection("Torch")]
public sealed class CheckpointAndResumeTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "glcic-training-tests-" + Guid.NewGuid().ToString("N"));

    public CheckpointAndResumeTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void Resume_Straight_Equals_HalfResumeHalf_BitForBit()
    {
        // All three phases are crossed: T_C = 8, T_D = 4, T = 20; the resume point (10) is in phase 2. Exactness does
        // not need a long run: any state the checkpoint missed (optimizer, data position, random state, batch-norm
        // statistics) changes the very next step.
        GlcicTrainingOptions options = TinyTraining.Options(completion: 8, discriminator: 4, total: 20);

        (long resumedAt, _) = AssertResumeIsExact(options, stopAt: 10, "half.ckpt");

        Assert.Equal(10, resumedAt);
    }

    [Fact]
    public void Resume_WithAdamAndACosineSchedule_IsExact()
    {
        GlcicTrainingOptions options = TinyTraining.Options(completion: 6, discriminator: 3, total: 14) with
        {
            Optimizer = TrainingOptimizer.Adam,
            Schedule = LearningRateSchedule.Cosine,
            Reconstruction = ReconstructionLoss.HoleL1,
        };

        (long resumedAt, GlcicTrainingOptions resumedOptions) = AssertResumeIsExact(options, stopAt: 7, "adam.ckpt");

        Assert.Equal(7, resumedAt);
        Assert.Equal(options.Recipe, resumedOptions.Recipe);
    }

    /// <summary>
    /// Trains straight through, and again stopped at <paramref name="stopAt"/> then resumed from its checkpoint; both
    /// networks must end bit for bit the same. Returns the iteration and options the resumed session started with.
    /// </summary>
    private (long ResumedAt, GlcicTrainingOptions ResumedOptions) AssertResumeIsExact(GlcicTrainingOptions options, long stopAt, string checkpointName)
    {
        string checkpoint = Path.Combine(_folder, checkpointName);
        using var straight = GlcicTrainingSession.Start(options, TrainingImages.Synthetic(48, 40));
        straight.Run();
        using (var firstHalf = GlcicTrainingSession.Start(options, TrainingImages.Synthetic(48, 40)))
        {
            firstHalf.Run(checkpointPath: checkpoint, stopAt: stopAt);
        }

        using var resumed = GlcicTrainingSession.Resume(checkpoint, TrainingImages.Synthetic(48, 40));
        (long resumedAt, GlcicTrainingOptions resumedOptions) = (resumed.Iteration, resumed.Options);
        resumed.Run();

        AssertSameState(TrainingPhasesTests.State(straight.Completion), TrainingPhasesTests.State(resumed.Completion));
        AssertSameState(TrainingPhasesTests.State(straight.Discriminator), TrainingPhasesTests.State(resumed.Discriminator));
        return (resumedAt, resumedOptions);
    }

    [Fact]
    public void Checkpoint_RemovesTheTemporaryFileOfAWriteThatWasKilled()
    {
        string checkpoint = Path.Combine(_folder, "killed", "checkpoint.ckpt");
        Directory.CreateDirectory(Path.GetDirectoryName(checkpoint)!);
        string stale = Path.Combine(_folder, "killed", $".checkpoint.ckpt.{Guid.NewGuid():N}.tmp");
        string unrelated = Path.Combine(_folder, "killed", ".checkpoint.ckpt.notes.tmp");
        File.WriteAllBytes(stale, [1, 2, 3]);
        File.WriteAllBytes(unrelated, [4]);

        using var session = GlcicTrainingSession.Start(TinyTraining.Options(2, 0, 2), TrainingImages.Synthetic(48, 40));
        session.Run(checkpointPath: checkpoint);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(unrelated));
        Assert.True(File.Exists(checkpoint));
    }

    [Fact]
    public void Checkpoint_IsWrittenAtomically_AndRecordsWhatInferenceNeeds()
    {
        string checkpoint = Path.Combine(_folder, "run", "latest.ckpt");
        using var session = GlcicTrainingSession.Start(TinyTraining.Options(4, 2, 8) with { CheckpointEvery = 3 }, TrainingImages.Synthetic(48, 40));
        var seen = new List<long>();

        TrainingSummary summary = session.Run(checkpointPath: checkpoint, progress: new TrainingPhasesTests.Collect([], p =>
        {
            if (p.Iteration % 3 == 0)
            {
                seen.Add(TrainingCheckpoint.ReadInfo(checkpoint).Iteration);
            }
        }));

        Assert.Equal([3L, 6L], seen);
        CheckpointInfo info = TrainingCheckpoint.ReadInfo(checkpoint);
        Assert.Equal(8, info.Iteration);
        Assert.Equal(session.Mean, info.Mean);
        Assert.Equal(0.125, info.Options.WidthMultiplier);
        Assert.Equal(checkpoint, summary.Checkpoint);
        Assert.Equal(["latest.ckpt"], Directory.GetFiles(Path.Combine(_folder, "run")).Select(Path.GetFileName));
    }

    [Fact]
    public void Cancellation_WritesACheckpoint_ThenThrows()
    {
        string checkpoint = Path.Combine(_folder, "cancelled.ckpt");
        using var cancel = new CancellationTokenSource();
        using var session = GlcicTrainingSession.Start(TinyTraining.Options(100, 0, 100), TrainingImages.Synthetic(48, 40));

        Assert.ThrowsAny<OperationCanceledException>(() => session.Run(checkpointPath: checkpoint, progress: new TrainingPhasesTests.Collect([], p =>
        {
            if (p.Iteration == 5)
            {
                cancel.Cancel();
            }
        }), cancellationToken: cancel.Token));

        Assert.Equal(5, TrainingCheckpoint.ReadInfo(checkpoint).Iteration);
    }

    [Fact]
    public void Divergence_StopsWithAClearMessage_AndLeavesTheLastGoodCheckpoint()
    {
        string checkpoint = Path.Combine(_folder, "diverging.ckpt");
        // An absurd learning rate blows the weights up within a few joint iterations.
        GlcicTrainingOptions options = TinyTraining.Options(0, 0, 50) with { LearningRate = 1e30, Alpha = 1e30, CheckpointEvery = 1 };
        using var session = GlcicTrainingSession.Start(options, TrainingImages.Synthetic(48, 40));

        var e = Assert.Throws<TrainingDivergedException>(() => session.Run(checkpointPath: checkpoint));

        Assert.Equal(TrainingPhase.Joint, e.Phase);
        Assert.Contains($"iteration {e.Iteration} (Joint phase)", e.Message, StringComparison.Ordinal);
        Assert.Contains("--learning-rate", e.Message, StringComparison.Ordinal);
        Assert.Contains("--alpha", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("intact", e.Message, StringComparison.Ordinal);
        if (e.Iteration > 1)
        {
            // Iterations before the failing one were checkpointed (CheckpointEvery = 1): the message names the file.
            Assert.Equal(Path.GetFullPath(checkpoint), e.Checkpoint);
            Assert.Equal(e.Iteration - 1, e.CheckpointIteration);
            Assert.Contains(checkpoint, e.Message, StringComparison.Ordinal);
        }

        if (File.Exists(checkpoint))
        {
            using var resumed = GlcicTrainingSession.Resume(checkpoint, TrainingImages.Synthetic(48, 40));
            Assert.All(TrainingPhasesTests.State(resumed.Completion).Values.SelectMany(v => v), v => Assert.True(float.IsFinite(v)));
        }
    }

    [Fact]
    public void Divergence_WithoutAnyCheckpoint_SaysSo_AndNamesTheLosses()
    {
        GlcicTrainingOptions options = TinyTraining.Options(0, 0, 50) with { LearningRate = 1e30, Alpha = 1e30 };
        using var session = GlcicTrainingSession.Start(options, TrainingImages.Synthetic(48, 40));

        var e = Assert.Throws<TrainingDivergedException>(() => session.Run());

        Assert.Null(e.Checkpoint);
        Assert.Contains("No checkpoint has been written yet", e.Message, StringComparison.Ordinal);
        Assert.All(e.Losses.Values, v => Assert.True(double.IsFinite(v)));
        Assert.All(e.Losses.Keys, name => Assert.Contains(name, e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void FineTune_StartsFromTheTrainedCompletionNetwork_WithFreshDiscriminators()
    {
        string trained = Path.Combine(_folder, "trained.ckpt");
        Dictionary<string, float[]> completion, discriminator;
        using (var first = GlcicTrainingSession.Start(TinyTraining.Options(6, 6, 12), TrainingImages.Synthetic(48, 40)))
        {
            first.Run(checkpointPath: trained);
            completion = TrainingPhasesTests.State(first.Completion);
            discriminator = TrainingPhasesTests.State(first.Discriminator);
        }

        using var fineTune = GlcicTrainingSession.FineTune(trained, TinyTraining.Options(6, 6, 12, seed: 7), TrainingImages.Synthetic(48, 40));

        Assert.Equal(6, fineTune.Iteration);
        AssertSameState(completion, TrainingPhasesTests.State(fineTune.Completion));
        Assert.NotEqual(discriminator.Values.First(), TrainingPhasesTests.State(fineTune.Discriminator).Values.First());
    }

    [Fact]
    public void WarmStart_RunsANewScheduleFromIterationZero_FromTheTrainedCompletionNetwork()
    {
        string trained = Path.Combine(_folder, "warm.ckpt");
        Dictionary<string, float[]> completion;
        using (var first = GlcicTrainingSession.Start(TinyTraining.Options(6, 0, 6), TrainingImages.Synthetic(48, 40)))
        {
            first.Run(checkpointPath: trained);
            completion = TrainingPhasesTests.State(first.Completion);
        }

        // Other holes and a completion-only schedule, which --resume could not change.
        GlcicTrainingOptions options = TinyTraining.Options(4, 0, 4, seed: 7) with { MinHoleSize = 12, MaxHoleSize = 16 };
        using var warm = GlcicTrainingSession.WarmStart(trained, options, TrainingImages.Synthetic(48, 40));

        Assert.Equal(0, warm.Iteration);
        Assert.Equal(12, warm.Options.MinHoleSize);
        AssertSameState(completion, TrainingPhasesTests.State(warm.Completion));
        var reports = new List<TrainingProgress>();
        warm.Run(progress: new TrainingPhasesTests.Collect(reports));
        Assert.Equal([1L, 2, 3, 4], reports.Select(r => r.Iteration));
        Assert.All(reports, r => Assert.Equal(TrainingPhase.Completion, r.Phase));
    }

    [Fact]
    public void CompletionOnlyCheckpoint_IsSmall_WarmStartsTheSameNetwork_AndRefusesAnExactResume()
    {
        string full = Path.Combine(_folder, "full.ckpt"), slim = Path.Combine(_folder, "slim.ckpt");
        Dictionary<string, float[]> completion;
        using (var first = GlcicTrainingSession.Start(TinyTraining.Options(3, 0, 3), TrainingImages.Synthetic(48, 40)))
        {
            first.Run(checkpointPath: full);
            completion = TrainingPhasesTests.State(first.Completion);
        }

        TrainingCheckpoint.WriteCompletionOnly(full, slim);

        Assert.True(new FileInfo(slim).Length * 3 < new FileInfo(full).Length, $"{new FileInfo(slim).Length} vs {new FileInfo(full).Length} bytes");
        Assert.Equal(3, TrainingCheckpoint.ReadInfo(slim).Iteration);
        using (var warm = GlcicTrainingSession.WarmStart(slim, TinyTraining.Options(2, 0, 2), TrainingImages.Synthetic(48, 40)))
        {
            AssertSameState(completion, TrainingPhasesTests.State(warm.Completion));
        }

        var e = Assert.Throws<InvalidDataException>(() => GlcicTrainingSession.Resume(slim, TrainingImages.Synthetic(48, 40)));
        Assert.Contains("--warm-start", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checkpoint_SavesEachWeightOnce()
    {
        // TorchSharp registers a module field a second time under the field's own name unless it is named; that saved
        // every weight twice (70 MB instead of 45 at the demo's width).
        string path = Path.Combine(_folder, "once.ckpt");
        long completionBytes, discriminatorBytes;
        using (var session = GlcicTrainingSession.Start(TinyTraining.Options(1, 0, 1), TrainingImages.Synthetic(48, 40)))
        {
            session.Run(checkpointPath: path);
            completionBytes = session.Completion.state_dict().Values.Sum(t => t.numel() * t.ElementSize);
            discriminatorBytes = session.Discriminator.state_dict().Values.Sum(t => t.numel() * t.ElementSize);
        }

        using System.IO.Compression.ZipArchive zip = System.IO.Compression.ZipFile.OpenRead(path);
        Assert.InRange(zip.GetEntry("completion.bin")!.Length, completionBytes, completionBytes * 6 / 5);
        Assert.InRange(zip.GetEntry("discriminator.bin")!.Length, discriminatorBytes, discriminatorBytes * 6 / 5);
    }

    [Fact]
    public void WarmStart_RefusesADifferentArchitecture_NamingBoth()
    {
        string trained = Path.Combine(_folder, "narrow.ckpt");
        using (var first = GlcicTrainingSession.Start(TinyTraining.Options(1, 0, 1), TrainingImages.Synthetic(48, 40)))
        {
            first.Run(checkpointPath: trained);
        }

        var error = Assert.Throws<InvalidOperationException>(() =>
            GlcicTrainingSession.WarmStart(trained, TinyTraining.Options(1, 0, 1) with { WidthMultiplier = 0.25 }, TrainingImages.Synthetic(48, 40)));
        Assert.Contains("Warm-starting", error.Message, StringComparison.Ordinal);
        Assert.Contains("width 0.125", error.Message, StringComparison.Ordinal);
        Assert.Contains("width 0.25", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WarmStart_TakesAnotherCropSize_TheCompletionNetworkBeingFullyConvolutional()
    {
        string trained = Path.Combine(_folder, "small-crop.ckpt");
        Dictionary<string, float[]> completion;
        GlcicTrainingOptions first = TinyTraining.Options(1, 0, 1);
        using (var session = GlcicTrainingSession.Start(first, TrainingImages.Synthetic(48, 40)))
        {
            session.Run(checkpointPath: trained);
            completion = TrainingPhasesTests.State(session.Completion);
        }

        // Deeper holes need larger crops; the discriminators (whose shape the crop sets) start fresh anyway.
        GlcicTrainingOptions larger = TinyTraining.Options(2, 0, 2) with { CropSize = 48, MinResize = 48, MaxResize = 56, LocalPatchSize = 24 };
        using var warm = GlcicTrainingSession.WarmStart(trained, larger, TrainingImages.Synthetic(64, 56));
        AssertSameState(completion, TrainingPhasesTests.State(warm.Completion));
        Assert.Equal(2, warm.Run().Iterations);
    }

    [Fact]
    public void Log_CsvHasAHeaderAndALinePerIteration_AndResumeAppends_WithElapsedTimeCarriedOn()
    {
        string log = Path.Combine(_folder, "log.csv");
        string checkpoint = Path.Combine(_folder, "log.ckpt");
        using (var session = GlcicTrainingSession.Start(TinyTraining.Options(2, 2, 6), TrainingImages.Synthetic(48, 40)))
        {
            // The first process spends at least a second (its checkpoint records that), which the resumed lines must count.
            session.Run(checkpointPath: checkpoint, logPath: log, stopAt: 3, progress: new TrainingPhasesTests.Collect([], r =>
            {
                if (r.Iteration == 3)
                {
                    Thread.Sleep(1000);
                }
            }));
        }

        using (var resumed = GlcicTrainingSession.Resume(checkpoint, TrainingImages.Synthetic(48, 40)))
        {
            resumed.Run(logPath: log);
        }

        string[] lines = File.ReadAllLines(log);
        Assert.StartsWith("iteration,phase,completion_mse", lines[0], StringComparison.Ordinal);
        Assert.Equal(["1", "2", "3", "4", "5", "6"], lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Equal("Joint", lines[6].Split(',')[1]);

        // elapsed_seconds counts the whole run: the resumed lines carry on from the first process's time.
        double[] elapsed = [.. lines.Skip(1).Select(l => double.Parse(l.Split(',')[8], System.Globalization.CultureInfo.InvariantCulture))];
        Assert.True(elapsed[3] >= 1.0, $"elapsed went from {elapsed[2]} to {elapsed[3]} across the resume");
        Assert.Equal(elapsed.Order(), elapsed);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void AssertSameState(Dictionary<string, float[]> expected, Dictionary<string, float[]> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach ((string name, float[] values) in expected)
        {
            Assert.True(values.AsSpan().SequenceEqual(actual[name]), $"{name} differs (max |Δ| {values.Zip(actual[name], (a, b) => Math.Abs(a - b)).Max()})");
        }
    }
}
