using GlcicML.Training.Data;
using GlcicML.Training.Training;

namespace GlcicML.Training.Tests.Training;

/// <summary>Tiny runs that would have caught wrong kernels on any CPU: finite losses, falling loss, determinism.</summary>
[Collection("Torch")]
public class TrainingStabilityTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TinyRun_AtWidth3Of8_LogsOnlyFiniteLosses_AndTheCompletionLossFalls(int seed)
    {
        // Width 0.375 gives 24- and 12-channel layers: the partial channel blocks that went wrong on Zen 5.
        GlcicTrainingOptions options = TinyTraining.Options(completion: 60, discriminator: 10, total: 80, seed: seed) with { WidthMultiplier = 0.375 };
        var reports = new List<TrainingProgress>();
        using var session = GlcicTrainingSession.Start(options, TrainingImages.Synthetic(48, 40));

        session.Run(progress: new TrainingPhasesTests.Collect(reports));

        Assert.Equal(80, reports.Count);
        Assert.All(reports, r =>
        {
            foreach (double? loss in new[] { r.CompletionMse, r.AdversarialLoss, r.DiscriminatorLoss })
            {
                Assert.True(loss is null || double.IsFinite(loss.Value), $"iteration {r.Iteration}: {r}");
            }
        });
        double first = reports.Take(10).Average(r => r.CompletionMse!.Value);
        double last = reports.Where(r => r.Phase == TrainingPhase.Completion).TakeLast(10).Average(r => r.CompletionMse!.Value);
        Assert.True(last < 0.8 * first, $"seed {seed}: completion MSE went from {first:G4} to {last:G4}");
    }

    [Fact]
    public void SameSeed_OneThread_GivesIdenticalLossSequences()
    {
        GlcicTrainingOptions options = TinyTraining.Options(completion: 6, discriminator: 4, total: 14) with { Threads = 1, WidthMultiplier = 0.375 };

        double?[][] Losses()
        {
            var reports = new List<TrainingProgress>();
            using var session = GlcicTrainingSession.Start(options, TrainingImages.Synthetic(48, 40));
            session.Run(progress: new TrainingPhasesTests.Collect(reports));
            return [.. reports.Select(r => new[] { r.CompletionMse, r.AdversarialLoss, r.DiscriminatorLoss, r.DiscriminatorAccuracy })];
        }

        double?[][] first = Losses(), second = Losses();

        Assert.Equal(14, first.Length);
        Assert.Equal(first, second);
    }
}
