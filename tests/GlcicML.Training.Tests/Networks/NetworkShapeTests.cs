using GlcicML.Training.Networks;
using static TorchSharp.torch;

namespace GlcicML.Training.Tests.Networks;

[Collection("Torch")]
public class NetworkShapeTests
{
    [Fact]
    public void CompletionNetwork_PaperWidth_HasTable2sLayersAndAbout6Point07MParameters()
    {
        using var network = new CompletionNetwork(1.0);

        long parameters = network.parameters().Sum(p => p.numel());

        Assert.Equal(17, network.Specs.Count);
        Assert.Equal([64, 128, 128, 256, 256, 256, 256, 256, 256, 256, 256, 256, 128, 128, 64, 32, 3], network.Specs.Select(s => s.OutChannels));
        Assert.Equal([1, 1, 1, 1, 1, 1, 2, 4, 8, 16, 1, 1, 1, 1, 1, 1, 1], network.Specs.Select(s => s.Dilation));
        Assert.Equal(2, network.Specs.Count(s => s.Transposed));
        Assert.Equal(16, network.Specs.Count(s => s.NormalizeAndActivate));
        // Table 2 counts convolution weights and biases: 6.07 M; batch norm adds 2 × 3,424 scale/shift values.
        long convolutionParameters = parameters - (2 * network.Specs.Where(s => s.NormalizeAndActivate).Sum(s => s.OutChannels));
        Assert.InRange(convolutionParameters, 6_050_000, 6_090_000);
    }

    [Fact]
    public void CompletionNetwork_MapsN4HWToN3HW_InZeroOne()
    {
        using var network = new CompletionNetwork(0.125);
        network.eval();
        using Tensor input = rand(2, 4, 36, 44);

        using Tensor output = network.call(input);

        Assert.Equal([2L, 3, 36, 44], output.shape);
        Assert.True(output.min().item<float>() >= 0 && output.max().item<float>() <= 1);
    }

    [Fact]
    public void CompletionNetwork_RejectsSizesThatAreNotMultiplesOf4()
    {
        using var network = new CompletionNetwork(0.125);
        using Tensor input = rand(1, 4, 30, 32);

        var e = Assert.Throws<ArgumentException>(() => network.call(input));

        Assert.Contains("multiples of 4", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(256, 128, 6, 5)]   // Places2: global 256, local 128
    [InlineData(160, 96, 5, 5)]    // CelebA: one layer fewer in the global discriminator
    [InlineData(32, 16, 3, 2)]     // tiny CPU configuration
    public void Discriminators_LayerCountsFollowTheInputSizes(int globalSize, int localSize, int globalLayers, int localLayers)
    {
        using var discriminator = new ContextDiscriminator(globalSize, localSize, widthMultiplier: 0.125);
        using Tensor whole = rand(2, 3, globalSize, globalSize);
        using Tensor patch = rand(2, 3, localSize, localSize);

        using Tensor logits = discriminator.call(whole, patch);
        using Tensor probability = discriminator.Probability(whole, patch);

        Assert.Equal(globalLayers, discriminator.Global!.Specs.Count);
        Assert.Equal(localLayers, discriminator.Local!.Specs.Count);
        Assert.Equal([2L, 1], logits.shape);
        Assert.True(probability.min().item<float>() > 0 && probability.max().item<float>() < 1);
    }

    [Fact]
    public void Discriminator_PaperConfiguration_HasTable3sChannels()
    {
        Assert.Equal([64, 128, 256, 512, 512, 512], DiscriminatorSpec.Convolutions(256).Select(s => s.OutChannels));
        Assert.Equal([64, 128, 256, 512, 512], DiscriminatorSpec.Convolutions(128).Select(s => s.OutChannels));
        Assert.Equal(4, DiscriminatorSpec.FinalSize(256));
        Assert.Equal(1024, DiscriminatorSpec.FeatureWidth(1.0));
    }

    [Fact]
    public void ChannelMultiple_RoundsHiddenChannelsUp_AndKeepsTheInputAndOutput()
    {
        IReadOnlyList<LayerSpec> plain = CompletionNetworkSpec.Layers(0.375);
        IReadOnlyList<LayerSpec> rounded = CompletionNetworkSpec.Layers(0.375, channelMultiple: 16);

        Assert.Equal([24, 48, 48, 96, 96, 96, 96, 96, 96, 96, 96, 96, 48, 48, 24, 12, 3], plain.Select(l => l.OutChannels));
        Assert.Equal([32, 48, 48, 96, 96, 96, 96, 96, 96, 96, 96, 96, 48, 48, 32, 16, 3], rounded.Select(l => l.OutChannels));
        Assert.Equal(4, rounded[0].InChannels);
        using var network = new CompletionNetwork(0.375, channelMultiple: 16);
        using var input = TorchSharp.torch.rand(1, 4, 32, 32);
        using var output = network.call(input);
        Assert.Equal([1L, 3, 32, 32], output.shape);
    }
}
