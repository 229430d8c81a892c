using TorchSharp.Modules;

namespace GlcicML.Training.Networks;

/// <summary>
/// The global and local context discriminators (Table 3): each branch ends in a fully connected layer to 1024, the
/// two are concatenated and a final fully connected layer gives one value per image. <see cref="forward"/> returns
/// that value as a logit; <see cref="Probability"/> applies the paper's sigmoid. Training uses the logit with
/// binary cross-entropy on logits, which is the same loss computed without the sigmoid's rounding trouble.
/// </summary>
public sealed class ContextDiscriminator : nn.Module<Tensor, Tensor, Tensor>
{
    [TorchSharp.Utils.ComponentName(Name = "global")] // registered once, under this name (see ConvBlock)
    private readonly DiscriminatorBranch? _global;
    [TorchSharp.Utils.ComponentName(Name = "local")] // registered once, under this name (see ConvBlock)
    private readonly DiscriminatorBranch? _local;
    [TorchSharp.Utils.ComponentName(Name = "decision")] // registered once, under this name (see ConvBlock)
    private readonly Linear _decision;

    /// <summary>Builds the discriminators for the given input sizes.</summary>
    /// <param name="globalSize">Side of the whole (training-crop) image: 256 in the paper.</param>
    /// <param name="localSize">Side of the patch around the hole: 128 in the paper.</param>
    /// <param name="widthMultiplier">Scales channels and feature widths; 1.0 is the paper.</param>
    /// <param name="context">Both branches (the paper's), or one alone as in the paper's ablation (Fig. 6).</param>
    public ContextDiscriminator(int globalSize = 256, int localSize = 128, double widthMultiplier = 1.0, DiscriminatorContext context = DiscriminatorContext.Both)
        : base(nameof(ContextDiscriminator))
    {
        TorchSharpRuntime.EnsureLoaded();
        Context = context;
        GlobalSize = globalSize;
        LocalSize = localSize;
        _global = context == DiscriminatorContext.LocalOnly ? null : new DiscriminatorBranch(globalSize, widthMultiplier);
        _local = context == DiscriminatorContext.GlobalOnly ? null : new DiscriminatorBranch(localSize, widthMultiplier);
        _decision = nn.Linear((context == DiscriminatorContext.Both ? 2 : 1) * DiscriminatorSpec.FeatureWidth(widthMultiplier), 1);
        if (_global is not null)
        {
            register_module("global", _global);
        }

        if (_local is not null)
        {
            register_module("local", _local);
        }

        register_module("decision", _decision);
    }

    /// <summary>Which branches the discriminator has.</summary>
    public DiscriminatorContext Context { get; }

    /// <summary>The global branch's input side.</summary>
    public int GlobalSize { get; }

    /// <summary>The local branch's input side.</summary>
    public int LocalSize { get; }

    /// <summary>The global branch, or null without one.</summary>
    public DiscriminatorBranch? Global => _global;

    /// <summary>The local branch, or null without one.</summary>
    public DiscriminatorBranch? Local => _local;

    /// <summary>Logits (N×1) that the images are real, from the whole image and the patch around the hole (an input whose branch is absent is ignored).</summary>
    public override Tensor forward(Tensor wholeImage, Tensor localPatch)
    {
        using var scope = NewDisposeScope();
        Tensor joined = (_global, _local) switch
        {
            ({ } global, { } local) => cat([global.call(wholeImage), local.call(localPatch)], 1),
            ({ } global, null) => global.call(wholeImage),
            (null, { } local) => local.call(localPatch),
            _ => throw new InvalidOperationException("A discriminator needs at least one branch."),
        };
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
            _global?.Dispose();
            _local?.Dispose();
            _decision.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Which context discriminators judge the completions.</summary>
public enum DiscriminatorContext
{
    /// <summary>The global (whole crop) and the local (patch around the hole) discriminators: the paper's method.</summary>
    Both,

    /// <summary>The global discriminator alone (the paper's ablation).</summary>
    GlobalOnly,

    /// <summary>The local discriminator alone (the paper's ablation).</summary>
    LocalOnly,
}
