using GlcicML.Training.Native;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GlcicML.Training.Networks;

/// <summary>
/// The completion network C (Table 2): 4×H×W in (mean-filled RGB + mask, values in [0, 1]), 3×H×W out (sigmoid).
/// Fully convolutional: any H and W that are multiples of 4.
/// </summary>
public sealed class CompletionNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<ConvBlock> _layers;

    /// <summary>Builds the network with freshly initialised weights.</summary>
    /// <param name="widthMultiplier">Scales hidden channels; 1.0 is the paper's network.</param>
    public CompletionNetwork(double widthMultiplier = 1.0)
        : base(nameof(CompletionNetwork))
    {
        TorchSharpRuntime.EnsureLoaded();
        WidthMultiplier = widthMultiplier;
        Specs = CompletionNetworkSpec.Layers(widthMultiplier);
        _layers = new ModuleList<ConvBlock>([.. Specs.Select(s => new ConvBlock(s))]);
        register_module("layers", _layers);
    }

    /// <summary>The width multiplier the network was built with.</summary>
    public double WidthMultiplier { get; }

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

        return scope.MoveToOuter(x.sigmoid());
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
