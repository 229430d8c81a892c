using TorchSharp.Modules;

namespace GlcicML.Training.Networks;

/// <summary>
/// The completion network C (Table 2): 4×H×W in (prefilled RGB + mask, values in [0, 1]), 3×H×W out (sigmoid).
/// Fully convolutional: any H and W that are multiples of 4. In residual form (for the fast-marching prefill) the last
/// layer starts at zero and its output is added to the prefilled RGB, clamped to [0, 1], instead of the sigmoid: the
/// untrained network returns its prefill.
/// </summary>
public sealed class CompletionNetwork : nn.Module<Tensor, Tensor>
{
    [TorchSharp.Utils.ComponentName(Name = "layers")] // registered once, under this name (see ConvBlock)
    private readonly ModuleList<ConvBlock> _layers;

    /// <summary>Builds the network with freshly initialised weights.</summary>
    /// <param name="widthMultiplier">Scales hidden channels; 1.0 is the paper's network.</param>
    /// <param name="residual">Output = clamp(prefilled RGB + last layer, 0, 1) with the last layer zero-initialised, instead of a sigmoid.</param>
    /// <param name="channelMultiple">Rounds hidden channel counts up to a multiple of this (see <see cref="CompletionNetworkSpec.Layers"/>).</param>
    public CompletionNetwork(double widthMultiplier = 1.0, bool residual = false, int channelMultiple = 1)
        : base(nameof(CompletionNetwork))
    {
        TorchSharpRuntime.EnsureLoaded();
        WidthMultiplier = widthMultiplier;
        Residual = residual;
        Specs = CompletionNetworkSpec.Layers(widthMultiplier, channelMultiple);
        _layers = new ModuleList<ConvBlock>([.. Specs.Select(s => new ConvBlock(s))]);
        register_module("layers", _layers);
        if (residual)
        {
            using var noGrad = no_grad();
            _layers[^1].Weight.zero_();
            _layers[^1].Bias.zero_();
        }
    }

    /// <summary>The width multiplier the network was built with.</summary>
    public double WidthMultiplier { get; }

    /// <summary>Whether the output is the prefill plus a correction (see the class remarks) rather than a sigmoid.</summary>
    public bool Residual { get; }

    /// <summary>The layer shapes, in order.</summary>
    public IReadOnlyList<LayerSpec> Specs { get; }

    /// <summary>The layers, in order (for export).</summary>
    public IReadOnlyList<ConvBlock> Layers => [.. _layers];

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[1] != CompletionNetworkSpec.InputChannels)
        {
            throw new ArgumentException($"The completion network takes N×4×H×W input, got [{string.Join(", ", input.shape)}].", nameof(input));
        }

        if (input.shape[2] % CompletionNetworkSpec.SizeMultiple != 0 || input.shape[3] % CompletionNetworkSpec.SizeMultiple != 0)
        {
            throw new ArgumentException($"Height and width must be multiples of {CompletionNetworkSpec.SizeMultiple}, got {input.shape[2]}x{input.shape[3]}.", nameof(input));
        }

        using var scope = NewDisposeScope();
        Tensor x = input;
        foreach (ConvBlock layer in _layers)
        {
            x = layer.call(x);
        }

        if (!Residual)
        {
            return scope.MoveToOuter(x.sigmoid());
        }

        // Scalars held for the call: TorchSharp's implicit conversions make temporaries another thread's GC may free mid-call.
        using Scalar zero = 0.0.ToScalar(), one = 1.0.ToScalar();
        return scope.MoveToOuter(input.narrow(1, 0, CompletionNetworkSpec.OutputChannels).add(x).clamp(zero, one));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _layers.Dispose();
        }

        base.Dispose(disposing);
    }
}
