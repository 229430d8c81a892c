using GlcicML.Filling;
using GlcicML.Training.Data;
using GlcicML.Training.Networks;
using GlcicML.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

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
        AssertFiniteAndFalling(reports, $"seed {seed}");
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

    [Theory]
    [InlineData(TrainingOptimizer.Adam, ReconstructionLoss.HoleL1, LearningRateSchedule.Cosine, HolePrefill.MeanColor)]
    [InlineData(TrainingOptimizer.Adam, ReconstructionLoss.CropMse, LearningRateSchedule.Constant, HolePrefill.MeanColor)]
    [InlineData(TrainingOptimizer.Adadelta, ReconstructionLoss.HoleMse, LearningRateSchedule.Cosine, HolePrefill.MeanColor)]
    [InlineData(TrainingOptimizer.Adam, ReconstructionLoss.HoleL1, LearningRateSchedule.Constant, HolePrefill.FastMarching)]
    public void EveryRecipeOption_TrainsWithFiniteLosses_AndTheReconstructionLossFalls(TrainingOptimizer optimizer, ReconstructionLoss loss, LearningRateSchedule schedule, HolePrefill prefill)
    {
        GlcicTrainingOptions options = TinyTraining.Options(completion: 60, discriminator: 5, total: 70) with
        {
            Optimizer = optimizer,
            Reconstruction = loss,
            Schedule = schedule,
            Prefill = prefill,
            LearningRate = optimizer == TrainingOptimizer.Adam ? 2e-3 : null,
        };
        var reports = new List<TrainingProgress>();
        using var session = GlcicTrainingSession.Start(options, TrainingImages.Synthetic(48, 40));

        session.Run(progress: new TrainingPhasesTests.Collect(reports));

        // From fast marching the loss starts low, so it has less to fall.
        AssertFiniteAndFalling(reports, options.Recipe, prefill == HolePrefill.FastMarching ? 0.95 : 0.8);
    }

    [Theory]
    [InlineData(GlcicML.Training.Networks.DiscriminatorContext.GlobalOnly, "discriminators=global")]
    [InlineData(GlcicML.Training.Networks.DiscriminatorContext.LocalOnly, "discriminators=local")]
    public void OneDiscriminatorAlone_TrainsThroughAllPhases_WithOnlyThatBranch(GlcicML.Training.Networks.DiscriminatorContext context, string recipe)
    {
        GlcicTrainingOptions options = TinyTraining.Options(completion: 3, discriminator: 3, total: 9) with { Discriminators = context };
        var reports = new List<TrainingProgress>();
        using var session = GlcicTrainingSession.Start(options, TrainingImages.Synthetic(48, 40));

        session.Run(progress: new TrainingPhasesTests.Collect(reports));

        Assert.Contains(recipe, options.Recipe, StringComparison.Ordinal);
        Assert.Equal(context == GlcicML.Training.Networks.DiscriminatorContext.GlobalOnly, session.Discriminator.Global is not null);
        Assert.Equal(context == GlcicML.Training.Networks.DiscriminatorContext.LocalOnly, session.Discriminator.Local is not null);
        Assert.Equal(9, reports.Count);
        Assert.All(reports.Where(r => r.Phase != TrainingPhase.Completion), r => Assert.True(r.DiscriminatorLoss is double d && double.IsFinite(d), r.ToString()));
        Assert.All(reports.Where(r => r.Phase == TrainingPhase.Joint), r => Assert.True(r.AdversarialLoss is double a && double.IsFinite(a), r.ToString()));
    }

    [Fact]
    public void BFloat16_TrainsThroughAllPhases_CloseToFp32_AndEvaluatesInFp32()
    {
        GlcicTrainingOptions fp32 = TinyTraining.Options(completion: 60, discriminator: 5, total: 70) with
        {
            WidthMultiplier = 0.375,
            Optimizer = TrainingOptimizer.Adam,
            LearningRate = 2e-3,
            Reconstruction = ReconstructionLoss.HoleL1,
        };
        GlcicTrainingOptions bf16 = fp32 with { Precision = ComputePrecision.BFloat16 };
        var fp32Reports = new List<TrainingProgress>();
        var bf16Reports = new List<TrainingProgress>();
        using (var session = GlcicTrainingSession.Start(fp32, TrainingImages.Synthetic(48, 40)))
        {
            session.Run(progress: new TrainingPhasesTests.Collect(fp32Reports));
        }

        using var bf16Session = GlcicTrainingSession.Start(bf16, TrainingImages.Synthetic(48, 40));
        bf16Session.Run(progress: new TrainingPhasesTests.Collect(bf16Reports));

        Assert.Contains("precision=bf16", bf16.Recipe, StringComparison.Ordinal);
        Assert.DoesNotContain("precision", fp32.Recipe, StringComparison.Ordinal);
        AssertFiniteAndFalling(bf16Reports, bf16.Recipe);
        double LastLoss(List<TrainingProgress> reports) => reports.Where(r => r.Phase == TrainingPhase.Completion).TakeLast(10).Average(r => r.CompletionMse!.Value);
        double ratio = LastLoss(bf16Reports) / LastLoss(fp32Reports);
        Assert.True(ratio is > 0.8 and < 1.25, $"bf16 ends the completion phase at {ratio:F3} x fp32's loss");

        // Training-mode convolutions compute in bfloat16 (the output differs from fp32's); evaluation in fp32 (identical).
        CompletionNetwork network = bf16Session.Completion;
        using DisposeScope scope = NewDisposeScope();
        using IDisposable noGradients = no_grad();
        Tensor input = rand(2, 4, 32, 32, generator: new Generator(3));
        network.eval();
        Tensor evaluated = network.call(input);
        ConvBlock.SetPrecision(network, ComputePrecision.Float32);
        Assert.Equal(0.0, evaluated.sub(network.call(input)).abs().max().item<float>());
        network.train();
        Tensor trainedFp32 = network.call(input);
        ConvBlock.SetPrecision(network, ComputePrecision.BFloat16);
        Tensor trainedBf16 = network.call(input);
        Assert.True(trainedBf16.sub(trainedFp32).abs().max().item<float>() > 1e-5, "training mode did not compute in bfloat16");
    }

    [Fact]
    public void LearningRateSchedules_StartAtTheRate_AndCosineEndsAtOnePercent()
    {
        var constant = new GlcicTrainingOptions { Optimizer = TrainingOptimizer.Adam, TotalIterations = 1000 };
        var cosine = constant with { Schedule = LearningRateSchedule.Cosine };

        Assert.Equal(4e-4, constant.LearningRateAt(999));
        Assert.Equal(4e-4, cosine.LearningRateAt(0), 12);
        Assert.Equal(2.02e-4, cosine.LearningRateAt(500), 9);
        Assert.Equal(4e-6, cosine.LearningRateAt(1000), 12);
        Assert.Equal(1.0, new GlcicTrainingOptions().EffectiveLearningRate);
    }

    /// <summary>Every logged loss finite, and the reconstruction loss of the last 10 completion iterations below <paramref name="ratio"/> × the first 10's.</summary>
    private static void AssertFiniteAndFalling(List<TrainingProgress> reports, string run, double ratio = 0.8)
    {
        Assert.All(reports, r =>
        {
            foreach (double? loss in new[] { r.CompletionMse, r.AdversarialLoss, r.DiscriminatorLoss })
            {
                Assert.True(loss is null || double.IsFinite(loss.Value), $"{run}, iteration {r.Iteration}: {r}");
            }
        });
        double first = reports.Take(10).Average(r => r.CompletionMse!.Value);
        double last = reports.Where(r => r.Phase == TrainingPhase.Completion).TakeLast(10).Average(r => r.CompletionMse!.Value);
        Assert.True(last < ratio * first, $"{run}: reconstruction loss went from {first:G4} to {last:G4}");
    }
}
