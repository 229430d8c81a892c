using GlcicML.Training.Native;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GlcicML.Training.Networks;

/// <summary>
/// The global and local context discriminators (Table 3): each branch ends in a fully connected layer to 1024, the
/// two are concatenated and a final fully connected layer gives one value per image. <see cref="forward"/> returns
/// that value as a logit; <see cref="Probability"/> applies the paper's sigmoid. Training uses the logit with
/// binary cross-entropy on logits, which is the same loss computed without the sigmoid's rounding trouble.
/// </summary>
public sealed class ContextDiscriminator : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly DiscriminatorBranch _global;
    private readonly DiscriminatorBranch _local;
    private readonly Linear _decision;

    /// <summary>Builds both discriminators for the given input sizes.</summary>
    /// <param name="globalSize">Side of the whole (training-crop) image: 256 in the paper.</param>
    /// <param name="localSize">Side of the patch around the hole: 128 in the paper.</param>
    /// <param name="widthMultiplier">Scales channels and feature widths; 1.0 is the paper.</param>
    public ContextDiscriminator(int globalSize = 256, int localSize = 128, double widthMultiplier = 1.0)
        : base(nameof(ContextDiscriminator))
    {
        TorchSharpRuntime.EnsureLoaded();
        _global = new DiscriminatorBranch(globalSize, widthMultiplier);
        _local = new DiscriminatorBranch(localSize, widthMultiplier);
        _decision = nn.Linear(2 * DiscriminatorSpec.FeatureWidth(widthMultiplier), 1);
        register_module("global", _global);
        register_module("local", _local);
        register_module("decision", _decision);
    }

    /// <summary>The global branch's input side.</summary>
    public int GlobalSize => _global.InputSize;

    /// <summary>The local branch's input side.</summary>
    public int LocalSize => _local.InputSize;

    /// <summary>The global branch.</summary>
    public DiscriminatorBranch Global => _global;

    /// <summary>The local branch.</summary>
    public DiscriminatorBranch Local => _local;

    /// <summary>Logits (N×1) that the images are real, from the whole image and the patch around the hole.</summary>
    public override Tensor forward(Tensor wholeImage, Tensor localPatch)
    {
        using var scope = NewDisposeScope();
        Tensor joined = cat([_global.call(wholeImage), _local.call(localPatch)], 1);
        return scope.MoveToOuter(_decision.call(joined));
    }

    /// <summary>The paper's output: the probability (N×1) that the images are real.</summary>
    public Tensor Probability(Tensor wholeImage, Tensor localPatch)
    {
        using Tensor logits = forward(wholeImage, localPatch);
        return logits.sigmoid();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _global.Dispose();
            _local.Dispose();
            _decision.Dispose();
        }

        base.Dispose(disposing);
    }
}
