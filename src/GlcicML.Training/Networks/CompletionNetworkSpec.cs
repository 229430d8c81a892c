namespace GlcicML.Training.Networks;

/// <summary>
/// The completion network of the paper's Table 2, layer by layer: 4 input channels (mean-filled RGB + mask), batch
/// norm and ReLU after every convolution but the last, sigmoid output. A width multiplier scales every hidden
/// channel count (1.0 = the paper's 6.07 M parameters) for small CPU runs.
/// </summary>
public static class CompletionNetworkSpec
{
    /// <summary>Input channels: R, G, B (holes mean-filled) and the mask.</summary>
    public const int InputChannels = 4;

    /// <summary>Output channels: R, G, B.</summary>
    public const int OutputChannels = 3;

    /// <summary>Spatial sizes must be multiples of this (two stride-2 layers, then two ×2 transposed layers).</summary>
    public const int SizeMultiple = 4;

    // kind, kernel, dilation, stride, output channels at width 1.0 (Table 2)
    private static readonly (char Kind, int Kernel, int Dilation, int Stride, int Out)[] s_table =
    [
        ('c', 5, 1, 1, 64),
        ('c', 3, 1, 2, 128),
        ('c', 3, 1, 1, 128),
        ('c', 3, 1, 2, 256),
        ('c', 3, 1, 1, 256),
        ('c', 3, 1, 1, 256),
        ('c', 3, 2, 1, 256),
        ('c', 3, 4, 1, 256),
        ('c', 3, 8, 1, 256),
        ('c', 3, 16, 1, 256),
        ('c', 3, 1, 1, 256),
        ('c', 3, 1, 1, 256),
        ('d', 4, 1, 2, 128),
        ('c', 3, 1, 1, 128),
        ('d', 4, 1, 2, 64),
        ('c', 3, 1, 1, 32),
        ('c', 3, 1, 1, OutputChannels),
    ];

    /// <summary>The 17 layers at the given width multiplier.</summary>
    /// <param name="widthMultiplier">Scales hidden channel counts (at least 1 channel each); 1.0 is the paper.</param>
    /// <param name="channelMultiple">Rounds every hidden channel count up to a multiple of this (1 = as scaled). 16 fills
    /// the 16-channel blocks of AVX-512 convolution kernels: at width 0.375 the full-resolution layers' 24 and 12
    /// channels become 32 and 16 and run several times faster (docs/benchmarks.md).</param>
    public static IReadOnlyList<LayerSpec> Layers(double widthMultiplier = 1.0, int channelMultiple = 1)
    {
        ValidateWidth(widthMultiplier);
        ArgumentOutOfRangeException.ThrowIfLessThan(channelMultiple, 1);
        var layers = new List<LayerSpec>(s_table.Length);
        int channels = InputChannels;
        for (int i = 0; i < s_table.Length; i++)
        {
            (char kind, int kernel, int dilation, int stride, int outBase) = s_table[i];
            bool last = i == s_table.Length - 1;
            int outChannels = last ? outBase : (Scale(outBase, widthMultiplier) + channelMultiple - 1) / channelMultiple * channelMultiple;
            // "Same" padding for odd kernels (dilation-aware); 1 for the 4×4 stride-2 transposed layers (exact ×2).
            int padding = kind == 'd' ? 1 : dilation * (kernel - 1) / 2;
            layers.Add(new LayerSpec(channels, outChannels, kernel, stride, padding, dilation, kind == 'd', !last));
            channels = outChannels;
        }

        return layers;
    }

    /// <summary>Scales a channel count by the width multiplier (rounded, at least 1).</summary>
    public static int Scale(int channels, double widthMultiplier) => Math.Max(1, (int)Math.Round(channels * widthMultiplier));

    internal static void ValidateWidth(double widthMultiplier)
    {
        if (!(widthMultiplier > 0 && widthMultiplier <= 4))
        {
            throw new ArgumentOutOfRangeException(nameof(widthMultiplier), widthMultiplier, "The width multiplier must be in (0, 4]; 1.0 is the paper's network.");
        }
    }
}
