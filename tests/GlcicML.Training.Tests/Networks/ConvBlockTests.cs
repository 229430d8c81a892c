using GlcicML.Training.Native;
using GlcicML.Training.Networks;
using static TorchSharp.torch;

namespace GlcicML.Training.Tests.Networks;

[Collection("Torch")]
public class ConvBlockTests
{
    // 12 channels take batch norm's NCHW detour on channels-last activations; 24 take libtorch's channels-last kernel.
    [Theory]
    [InlineData(6, 12)]
    [InlineData(6, 24)]
    public void TrainingForwardAndBackward_MatchConvolutionAndBatchNormOnNchw(int inChannels, int outChannels)
    {
        random.manual_seed(3);
        using var block = new ConvBlock(new LayerSpec(inChannels, outChannels, 3, 1, 1, 1, false, true));
        block.train();
        // The reference computes in fp64, which libtorch does without oneDNN (whose NCHW fp32 path is wrong on Zen 5).
        using var weight = block.Weight.detach().to(float64).requires_grad_(true);
        using var bias = block.Bias.detach().to(float64).requires_grad_(true);
        using var scale = block.Norm!.weight!.detach().to(float64).requires_grad_(true);
        using var shift = block.Norm.bias!.detach().to(float64).requires_grad_(true);
        using var runningMean = zeros(outChannels, float64);
        using var runningVariance = ones(outChannels, float64);
        using Tensor planar = randn(4, inChannels, 20, 24).mul(2).add(0.5);
        using Tensor upstream = randn(4, outChannels, 20, 24);
        using Tensor x = (OneDnnPolicy.ChannelsLast ? Convolution.ToChannelsLast(planar) : planar.clone()).requires_grad_(true);
        using Tensor reference = planar.to(float64).requires_grad_(true);

        using Tensor y = block.call(x);
        y.backward([upstream]);
        using Tensor expected = nn.functional.relu(nn.functional.batch_norm(
            nn.functional.conv2d(reference, weight, bias, padding: [1, 1]), runningMean, runningVariance, scale, shift, true, 0.1, 1e-5));
        expected.backward([upstream.to(float64)]);

        Assert.Equal(OneDnnPolicy.ChannelsLast, Convolution.IsChannelsLast(y)); // the layout the next layer expects
        AssertClose("output", expected, y);
        AssertClose("input gradient", reference.grad!, x.grad!);
        AssertClose("weight gradient", weight.grad!, block.Weight.grad!);
        AssertClose("bias gradient", bias.grad!, block.Bias.grad!);
        AssertClose("scale gradient", scale.grad!, block.Norm.weight!.grad!);
        AssertClose("shift gradient", shift.grad!, block.Norm.bias!.grad!);
        AssertClose("running mean", runningMean, block.Norm.running_mean!);
        AssertClose("running variance", runningVariance, block.Norm.running_var!);
    }

    private static void AssertClose(string what, Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        // Relative to the largest value, at least 1: the conv bias's gradient through batch norm is zero up to rounding.
        double scale = Math.Max(expected.abs().max().item<double>(), 1);
        double difference = (expected - actual.to(float64)).abs().max().item<double>();
        Assert.True(difference <= 1e-4 * scale, $"{what}: max difference {difference:E2} against a largest value of {scale:E2}");
    }
}
