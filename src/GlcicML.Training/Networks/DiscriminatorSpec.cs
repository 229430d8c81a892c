namespace GlcicML.Training.Networks;

/// <summary>
/// The context discriminators' shapes (Table 3): 5×5 stride-2 convolutions with batch norm and ReLU, then a fully
/// connected layer to 1024. Layer counts follow the input size, so the paper's variants come out by themselves:
/// 256 px global → 6 convolutions, 128 px local → 5; CelebA's 160 px global → 5 ("one layer fewer"), 96 px local → 5.
/// </summary>
public static class DiscriminatorSpec
{
    /// <summary>Convolutions stop once the feature map is at most this wide.</summary>
    public const int FinalSizeLimit = 5;

    private static readonly int[] s_channels = [64, 128, 256, 512, 512, 512, 512, 512];

    /// <summary>The convolutions for a square input of <paramref name="inputSize"/> pixels.</summary>
    public static IReadOnlyList<LayerSpec> Convolutions(int inputSize, double widthMultiplier = 1.0)
    {
        CompletionNetworkSpec.ValidateWidth(widthMultiplier);
        if (inputSize < 8)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "Discriminator inputs must be at least 8 px.");
        }

        var layers = new List<LayerSpec>();
        int size = inputSize, channels = 3;
        while (size > FinalSizeLimit && layers.Count < s_channels.Length)
        {
            int outChannels = CompletionNetworkSpec.Scale(s_channels[layers.Count], widthMultiplier);
            layers.Add(new LayerSpec(channels, outChannels, 5, 2, 2, 1, Transposed: false, NormalizeAndActivate: true));
            channels = outChannels;
            size = OutputSize(size);
        }

        return layers;
    }

    /// <summary>The side of the final feature map.</summary>
    public static int FinalSize(int inputSize) => Convolutions(inputSize).Aggregate(inputSize, (size, _) => OutputSize(size));

    /// <summary>Width of each branch's fully connected output (1024 at width 1.0).</summary>
    public static int FeatureWidth(double widthMultiplier) => Math.Max(16, CompletionNetworkSpec.Scale(1024, widthMultiplier));

    /// <summary>A 5×5, stride-2, padding-2 convolution's output size: ⌈size / 2⌉.</summary>
    public static int OutputSize(int size) => ((size - 1) / 2) + 1;
}
