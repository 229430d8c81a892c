using GlcicML.Training.Native;
using GlcicML.Training.Networks;
using Xunit.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace GlcicML.Training.Tests.Native;

/// <summary>
/// Every convolution shape of both networks, fp32 forward and backward against fp64, on the CPU the tests run on,
/// in the layout <see cref="OneDnnPolicy"/> chose. On AMD Zen 5 these fail when the policy is removed
/// (GLCIC_ONEDNN_POLICY=off: libtorch's default NCHW path, whose partial channel blocks oneDNN computes wrong there):
/// this is the test that keeps the workaround in place while the kernel is broken.
/// </summary>
[Collection("Torch")]
public class ConvolutionCorrectnessTests(ITestOutputHelper output)
{
    public static TheoryData<double> Widths => [0.125, 0.25, 0.375, 0.5, 1.0];

    [Theory]
    [MemberData(nameof(Widths))]
    public void CompletionNetworkLayers_MatchFp64_ForwardAndBackward(double width)
    {
        int size = 24; // small, but every layer keeps a spatial extent larger than its kernel's reach at stride 1
        foreach (LayerSpec layer in CompletionNetworkSpec.Layers(width))
        {
            AssertExact(layer, [3, layer.InChannels, size, size]);
            size = layer.Transposed ? size * 2 : ((size - 1) / layer.Stride) + 1;
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void DiscriminatorLayers_MatchFp64_ForwardAndBackward(double width)
    {
        int size = 32;
        foreach (LayerSpec layer in DiscriminatorSpec.Convolutions(size, width))
        {
            AssertExact(layer, [3, layer.InChannels, size, size]);
            size = DiscriminatorSpec.OutputSize(size);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void CompletionNetworkLayers_ForInference_MatchFp64(double width)
    {
        int size = 40;
        foreach (LayerSpec layer in CompletionNetworkSpec.Layers(width))
        {
            double error = ConvolutionCheck.ForwardRelativeError(layer, [2, layer.InChannels, size, size]);
            Assert.True(error <= 1e-4, $"{layer} on {size}x{size}, forward: relative error {error:G3} against fp64 (oneDNN policy: {OneDnnPolicy.Report})");
            size = layer.Transposed ? size * 2 : ((size - 1) / layer.Stride) + 1;
        }
    }

    [Fact]
    public void Batch16At128px_TheDemoRecipesFailingShapes_MatchFp64()
    {
        // The shapes and sizes that diverged at once on Zen 5 (width 0.375, 128-px crops, batch 16).
        AssertExact(new LayerSpec(24, 48, 3, 2, 1, 1, false, true), [16, 24, 128, 128]);
        AssertExact(new LayerSpec(24, 12, 3, 1, 1, 1, false, true), [16, 24, 128, 128]);
        AssertExact(new LayerSpec(96, 48, 4, 2, 1, 1, true, true), [16, 96, 32, 32]);
        AssertExact(new LayerSpec(12, 3, 3, 1, 1, 1, false, false), [16, 12, 128, 128]);
    }

    [Theory]
    [InlineData(0.375)]
    [InlineData(1.0)]
    public void EveryLayer_InBFloat16_MatchesFp64WithinBFloat16Rounding(double width)
    {
        // bfloat16 keeps 8 bits of mantissa: a right kernel is ~1e-2 off fp64; the wrong kernels seen were 0.1-1 off.
        int size = 24;
        var layers = new List<(LayerSpec Layer, long[] Shape)>();
        foreach (LayerSpec layer in CompletionNetworkSpec.Layers(width))
        {
            layers.Add((layer, [3, layer.InChannels, size, size]));
            size = layer.Transposed ? size * 2 : ((size - 1) / layer.Stride) + 1;
        }

        size = 32;
        foreach (LayerSpec layer in DiscriminatorSpec.Convolutions(size, width))
        {
            layers.Add((layer, [3, layer.InChannels, size, size]));
            size = DiscriminatorSpec.OutputSize(size);
        }

        Assert.Equal(ComputePrecision.Float32, Convolution.PrecisionFor(layers[CompletionNetworkSpec.Layers(width).Count - 1].Layer, ComputePrecision.BFloat16));
        foreach ((LayerSpec layer, long[] shape) in layers)
        {
            ComputePrecision precision = Convolution.PrecisionFor(layer, ComputePrecision.BFloat16);
            double error = ConvolutionCheck.RelativeError(layer, shape, inputNeedsGradient: true, precision);
            output.WriteLine($"{layer} on {string.Join('x', shape)} in {precision}: {error:G3}");
            Assert.True(error <= ConvolutionCheck.ToleranceOf(precision), $"{layer} on {string.Join('x', shape)} in {precision}: relative error {error:G3} against fp64 (oneDNN policy: {OneDnnPolicy.Report})");
            Assert.True(precision == ComputePrecision.Float32 || error > 1e-5, $"{layer} in bfloat16 matches fp64 to {error:G3}: it did not compute in bfloat16");
        }
    }

    [Fact]
    public void Check_OfAWrongBFloat16Configuration_ComputesThatLayerInFp32InsteadOfStopping()
    {
        // Odd output channels: the bfloat16 input gradient Convolution.PrecisionFor keeps away from; asked for anyway
        // here. Wrong on the Zen 5 hosts of 2026-12-02 afternoon, right on the morning's: the check decides per process.
        var layer = new LayerSpec(12, 3, 3, 1, 1, 1, false, false);
        long[] shape = [3, 12, 24, 24];
        double bfloat16Error = ConvolutionCheck.RelativeError(layer, shape, inputNeedsGradient: true, ComputePrecision.BFloat16);

        ComputePrecision chosen = ConvolutionCheck.Ensure(layer, shape, inputNeedsGradient: true, precision: ComputePrecision.BFloat16);

        output.WriteLine($"bfloat16 error {bfloat16Error:G3}: computes in {chosen}");
        bool wrong = !(bfloat16Error <= ConvolutionCheck.ToleranceOf(ComputePrecision.BFloat16));
        Assert.Equal(wrong ? ComputePrecision.Float32 : ComputePrecision.BFloat16, chosen);
        Assert.Equal(wrong, ConvolutionCheck.BFloat16Fallbacks.Any(description => description.Contains("12→3", StringComparison.Ordinal) && description.Contains("3x12x24x24", StringComparison.Ordinal)));
    }

    [Fact]
    public void Policy_TakesARemedy_OnCpusKnownToComputePartialBlocksWrong()
    {
        string report = OneDnnPolicy.Report;
        if (OneDnnPolicy.KnownFault() is null || Environment.GetEnvironmentVariable(OneDnnPolicy.IsaVariable) is not null
            || Environment.GetEnvironmentVariable(OneDnnPolicy.TestOverrideVariable) is not null)
        {
            return; // nothing known to fix here (or the environment chose); the fp64 comparisons above still apply
        }

        // oneDNN's NHWC kernels (exact there), or (after a recorded fault) oneDNN capped at SSE4.1.
        Assert.True(OneDnnPolicy.ChannelsLast || OneDnnPolicy.IsCapped, report);
    }

    [Fact]
    public void BothNetworks_ForwardAndBackward_AreFinite_AtSeveralSizesAndBatches()
    {
        foreach ((int batch, int height, int width) in new[] { (1, 32, 32), (3, 40, 56), (2, 64, 48) })
        {
            random.manual_seed(batch * 1000 + height);
            using var completion = new CompletionNetwork(0.375);
            using var discriminator = new ContextDiscriminator(32, 16, 0.375);
            using DisposeScope scope = NewDisposeScope();
            Tensor input = rand(batch, 4, height, width);
            Tensor output = completion.call(input);
            Tensor crop = output.narrow(2, 0, 32).narrow(3, 0, 32);
            Tensor logits = discriminator.call(crop, crop.narrow(2, 8, 16).narrow(3, 8, 16));
            output.mean().add(logits.mean()).backward();

            Assert.True(output.isfinite().all().item<bool>(), $"completion output, batch {batch}, {height}x{width}");
            Assert.True(logits.isfinite().all().item<bool>(), $"discriminator logits, batch {batch}, {height}x{width}");
            foreach ((string name, var parameter) in completion.named_parameters().Concat(discriminator.named_parameters()))
            {
                Assert.True(parameter.grad is not null && parameter.grad.isfinite().all().item<bool>(), $"gradient of {name}, batch {batch}, {height}x{width}");
            }
        }
    }

    private static void AssertExact(LayerSpec layer, long[] inputShape)
    {
        double error = ConvolutionCheck.RelativeError(layer, inputShape, inputNeedsGradient: true);
        Assert.True(error <= 1e-4, $"{layer} on {string.Join('x', inputShape)}: relative error {error:G3} against fp64 (oneDNN policy: {OneDnnPolicy.Report})");
    }
}
