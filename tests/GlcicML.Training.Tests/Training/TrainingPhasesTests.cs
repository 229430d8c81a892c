using GlcicML.Training.Data;
using GlcicML.Training.Training;

namespace GlcicML.Training.Tests.Training;

[Collection("Torch")]
public class TrainingPhasesTests
{
    [Fact]
    public void Phase1_CompletionMse_Decreases_OnSyntheticScenes()
    {
        var reports = new List<TrainingProgress>();
        using var session = GlcicTrainingSession.Start(TinyTraining.Options(completion: 120, discriminator: 0, total: 120), TrainingImages.Synthetic(48, 40));

        session.Run(progress: new Collect(reports));

        Assert.All(reports, r => Assert.Equal(TrainingPhase.Completion, r.Phase));
        Assert.All(reports, r => Assert.Null(r.DiscriminatorLoss));
        double first = reports.Take(20).Average(r => r.CompletionMse!.Value);
        double last = reports.TakeLast(20).Average(r => r.CompletionMse!.Value);
        Assert.True(last < 0.7 * first, $"MSE went from {first:G4} to {last:G4}");
    }

    [Fact]
    public void Phase2_DiscriminatorAccuracy_RisesAboveChance_WhileTheCompletionNetworkStaysFixed()
    {
        var reports = new List<TrainingProgress>();
        using var session = GlcicTrainingSession.Start(TinyTraining.Options(completion: 20, discriminator: 80, total: 100), TrainingImages.Synthetic(48, 40));
        session.Run(stopAt: 20);
        float[] before = Parameters(session.Completion);

        session.Run(progress: new Collect(reports));

        Assert.All(reports, r => Assert.Equal(TrainingPhase.Discriminator, r.Phase));
        Assert.All(reports, r => Assert.Null(r.CompletionMse));
        Assert.True(reports.TakeLast(20).Average(r => r.DiscriminatorAccuracy!.Value) > 0.75, "the discriminators should tell real from completed");
        // C's weights stay fixed (its batch-norm running statistics still track the batches it sees in train mode).
        Assert.Equal(before, Parameters(session.Completion));
    }

    [Fact]
    public void Phase3_RunsWithFiniteLosses_AndKeepsTheDiscriminatorsGradientsApart()
    {
        var reports = new List<TrainingProgress>();
        using var session = GlcicTrainingSession.Start(TinyTraining.Options(completion: 5, discriminator: 5, total: 30) with { Alpha = 0.5 }, TrainingImages.Synthetic(48, 40));
        var afterOwnStep = new List<float[]>();
        session.AfterDiscriminatorStep = d => afterOwnStep.Add(Gradients(d));
        var afterIteration = new List<float[]>();

        session.Run(progress: new Collect(reports, _ => afterIteration.Add(Gradients(session.Discriminator))));

        List<TrainingProgress> joint = reports.Where(r => r.Phase == TrainingPhase.Joint).ToList();
        Assert.Equal(20, joint.Count);
        Assert.All(joint, r =>
        {
            Assert.True(double.IsFinite(r.CompletionMse!.Value) && double.IsFinite(r.AdversarialLoss!.Value) && double.IsFinite(r.DiscriminatorLoss!.Value));
        });
        // The completion network's adversarial backward pass goes through the discriminators but leaves their
        // gradients exactly as their own step left them (a public port accumulates C's gradient into D here).
        int firstJoint = reports.FindIndex(r => r.Phase == TrainingPhase.Joint);
        for (int i = firstJoint; i < reports.Count; i++)
        {
            Assert.Equal(afterOwnStep[i - 5], afterIteration[i]);
        }
    }

    [Fact]
    public void Progress_HasThroughputAndPhasesInOrder()
    {
        var reports = new List<TrainingProgress>();
        using var session = GlcicTrainingSession.Start(TinyTraining.Options(3, 3, 9), TrainingImages.Synthetic(48, 40));

        TrainingSummary summary = session.Run(progress: new Collect(reports));

        Assert.Equal(Enumerable.Range(1, 9).Select(i => (long)i), reports.Select(r => r.Iteration));
        Assert.Equal([TrainingPhase.Completion, TrainingPhase.Completion, TrainingPhase.Completion, TrainingPhase.Discriminator, TrainingPhase.Discriminator,
            TrainingPhase.Discriminator, TrainingPhase.Joint, TrainingPhase.Joint, TrainingPhase.Joint], reports.Select(r => r.Phase));
        Assert.All(reports, r => Assert.True(r.ImagesPerSecond > 0));
        Assert.Equal(9, summary.Iterations);
        Assert.InRange(summary.DataWaitShare, 0, 1);
    }

    internal static float[] Parameters(TorchSharp.torch.nn.Module module) =>
        [.. module.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray())];

    /// <summary>Every parameter and buffer (batch-norm statistics included), in state-dict order.</summary>
    internal static Dictionary<string, float[]> State(TorchSharp.torch.nn.Module module) =>
        module.state_dict().Where(kv => kv.Value.dtype == TorchSharp.torch.ScalarType.Float32)
            .ToDictionary(kv => kv.Key, kv => kv.Value.detach().cpu().data<float>().ToArray());

    private static float[] Gradients(TorchSharp.torch.nn.Module module) =>
        [.. module.parameters().SelectMany(p => p.grad is null ? [] : p.grad.detach().cpu().data<float>().ToArray())];

    /// <summary>Collects reports synchronously (Progress&lt;T&gt; would post them to another thread).</summary>
    internal sealed class Collect(List<TrainingProgress> into, Action<TrainingProgress>? also = null) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            into.Add(value);
            also?.Invoke(value);
        }
    }
}
