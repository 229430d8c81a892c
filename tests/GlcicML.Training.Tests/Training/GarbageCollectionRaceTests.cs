using GlcicML.Training.Data;
using GlcicML.Training.Native;
using GlcicML.Training.Networks;
using GlcicML.Training.Training;
using static TorchSharp.torch;

namespace GlcicML.Training.Tests.Training;

/// <summary>
/// TorchSharp passes implicit Scalar temporaries to libtorch by raw handle; a garbage collection on another thread can
/// free one mid-call ("Expected false to be true" from Scalar::toFloat). TorchSharp's own Adadelta and BatchNorm2d
/// hit it within seconds under the pressure below; the training step must not.
/// </summary>
[Collection("Torch")]
public class GarbageCollectionRaceTests
{
    [Fact]
    public void Training_SurvivesGarbageCollectionsOnOtherThreads_InEveryPhase()
    {
        using var session = GlcicTrainingSession.Start(TinyTraining.Options(completion: 60, discriminator: 60, total: 180, batch: 2), TrainingImages.Synthetic(48, 40));

        TrainingSummary summary = WhileCollecting(() => session.Run());

        Assert.Equal(180, summary.Iterations);
    }

    [Fact]
    public void KeptAliveAdadelta_MatchesTorchSharpsAdadelta_StepForStep_AndSavesTheSameState()
    {
        TorchSharpRuntime.EnsureLoaded();
        using nn.Module<Tensor, Tensor> stockModel = SmallModel(), ourModel = SmallModel();
        using var stock = optim.Adadelta(stockModel.parameters(), 1.0, 0.95, 1e-6);
        using var ours = new KeptAlive.Adadelta(ourModel.parameters(), 1.0, 0.95, 1e-6);
        using Tensor input = linspace(-2, 2, 24).reshape(3, 8);

        for (int step = 0; step < 5; step++)
        {
            Step(stockModel, stock, input);
            Step(ourModel, ours, input);
            Assert.Equal(TrainingPhasesTests.Parameters(stockModel), TrainingPhasesTests.Parameters(ourModel));
        }

        Assert.Equal(Convert.ToHexString(Saved(stock)), Convert.ToHexString(Saved(ours)));
    }

    [Fact]
    public void ConvBlock_Normalizes_AsTorchSharpsBatchNorm2d_InTrainingAndEvaluation()
    {
        TorchSharpRuntime.EnsureLoaded();
        var spec = new LayerSpec(3, 4, 3, 1, 2, 2, Transposed: false, NormalizeAndActivate: true);
        random.manual_seed(3);
        using var block = new ConvBlock(spec);
        random.manual_seed(3);
        using var reference = new ConvBlock(spec);
        using Tensor input = rand(2, 3, 6, 6);

        foreach (bool training in new[] { true, true, true, false })
        {
            block.train(training);
            reference.train(training);
            using var scope = NewDisposeScope();
            Tensor ours = block.call(input);
            Tensor convolved = nn.functional.conv2d(input, reference.Weight, reference.Bias, padding: [2, 2], dilation: [2, 2]);
            Tensor expected = nn.functional.relu(reference.Norm!.call(convolved));
            // Same values; the block runs channels-last, so the last bits may differ from this NCHW reference.
            Assert.True(ours.allclose(expected, rtol: 1e-5, atol: 1e-6), $"max difference {ours.sub(expected).abs().max().item<float>()}");
        }

        Dictionary<string, float[]> expectedState = TrainingPhasesTests.State(reference), actualState = TrainingPhasesTests.State(block);
        Assert.Equal(expectedState.Keys, actualState.Keys);
        foreach ((string name, float[] values) in expectedState)
        {
            Assert.All(values.Zip(actualState[name]), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 1e-5f + 1e-5f * Math.Abs(pair.First), $"{name}: {pair.First} vs {pair.Second}"));
        }

        Assert.Equal(3, block.Norm!.num_batches_tracked!.item<long>());
    }

    private static nn.Module<Tensor, Tensor> SmallModel()
    {
        random.manual_seed(7);
        return nn.Sequential(nn.Linear(8, 6), nn.ReLU(), nn.Linear(6, 1));
    }

    private static void Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor input)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        model.call(input).square().sum().backward();
        optimizer.step();
    }

    private static byte[] Saved(optim.Optimizer optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
        }

        return stream.ToArray();
    }

    /// <summary>Runs <paramref name="body"/> while another thread collects garbage and runs finalizers non-stop.</summary>
    private static T WhileCollecting<T>(Func<T> body)
    {
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        })
        { IsBackground = true };
        collector.Start();
        try
        {
            return body();
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
    }
}
