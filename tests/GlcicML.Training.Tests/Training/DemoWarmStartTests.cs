using GlcicML.Training.Data;
using GlcicML.Training.Training;

namespace GlcicML.Training.Tests.Training;

/// <summary>
/// models/glcic-demo-warm.ckpt carries the demo model's training run from one session to the next
/// (scripts/model/train-demo.sh): it must stay a completion-only checkpoint of the demo recipe that warm-starts.
/// </summary>
[Collection("Torch")]
public sealed class DemoWarmStartTests
{
    private static string WarmCheckpoint => Path.Combine(AppContext.BaseDirectory, "ShippedModels", "glcic-demo-warm.ckpt");

    [Fact]
    public void ShippedWarmStartCheckpoint_IsTheDemoRecipe_AndWarmStartsIt()
    {
        CheckpointInfo info = TrainingCheckpoint.ReadInfo(WarmCheckpoint);

        Assert.Equal(0.375, info.Options.WidthMultiplier);
        Assert.Equal("fast-marching", HolePrefillName(info.Options));
        Assert.Equal(TrainingOptimizer.Adam, info.Options.Optimizer);
        Assert.Equal(ReconstructionLoss.HoleL1, info.Options.Reconstruction);
        Assert.True(new FileInfo(WarmCheckpoint).Length < 5 << 20, "the warm-start checkpoint must stay small enough to commit");

        // One step of the same networks (crop and local patch fix the discriminators' shapes): every weight loads.
        GlcicTrainingOptions options = info.Options with
        {
            BatchSize = 2, TotalIterations = 1, CompletionIterations = 1, DiscriminatorIterations = 0, CheckpointEvery = 0,
        };
        using var session = GlcicTrainingSession.WarmStart(WarmCheckpoint, options, TrainingImages.Synthetic(256, 240));
        session.Run();
        Assert.Equal(1, session.Iteration);
    }

    private static string HolePrefillName(GlcicTrainingOptions options) => GlcicML.Filling.NetworkInput.Name(options.Prefill);
}
