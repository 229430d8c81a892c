using TorchSharp.Modules;

namespace GlcicML.Training.Networks;

/// <summary>One context discriminator branch (global or local): stride-2 convolutions, flatten, fully connected.</summary>
public sealed class DiscriminatorBranch : nn.Module<Tensor, Tensor>
{
    [TorchSharp.Utils.ComponentName(Name = "layers")] // registered once, under this name (see ConvBlock)
    private readonly ModuleList<ConvBlock> _layers;
    [TorchSharp.Utils.ComponentName(Name = "features")] // registered once, under this name (see ConvBlock)
    private readonly Linear _features;

    /// <summary>Builds a branch for square inputs of <paramref name="inputSize"/> pixels.</summary>
    public DiscriminatorBranch(int inputSize, double widthMultiplier)
        : base(nameof(DiscriminatorBranch))
    {
        InputSize = inputSize;
        Specs = DiscriminatorSpec.Convolutions(inputSize, widthMultiplier);
        _layers = new ModuleList<ConvBlock>([.. Specs.Select(s => new ConvBlock(s))]);
        int finalSize = Specs.Aggregate(inputSize, (size, _) => DiscriminatorSpec.OutputSize(size));
        _features = nn.Linear(Specs[^1].OutChannels * finalSize * finalSize, DiscriminatorSpec.FeatureWidth(widthMultiplier));
        register_module("layers", _layers);
        register_module("features", _features);
    }

    /// <summary>The side of the square input.</summary>
    public int InputSize { get; }

    /// <summary>The convolutions, in order.</summary>
    public IReadOnlyList<LayerSpec> Specs { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = input;
        foreach (ConvBlock layer in _layers)
        {
            x = layer.call(x);
        }

        return scope.MoveToOuter(nn.functional.relu(_features.call((x.dtype == ScalarType.Float32 ? x : x.to(float32)).flatten(1))));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _layers.Dispose();
            _features.Dispose();
        }

        base.Dispose(disposing);
    }
}
