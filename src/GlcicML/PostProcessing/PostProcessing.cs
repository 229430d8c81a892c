namespace GlcicML.PostProcessing;

/// <summary>
/// Polishes completed images as the paper does (§3.5.1): fast-marching inpainting of the holes (Telea, radius 1 by
/// default), then Poisson blending of the completed content onto that result (see <see cref="InpaintingPostProcessor"/>).
/// </summary>
/// <remarks>
/// <para>Input: a completed-image column (e.g. from InpaintImages) and its mask column (white = hole). Output: an image
/// column; pixels outside the holes are the input's exactly. Nothing is learned: <c>Fit</c> reads no data.</para>
/// <para>Rows with a missing image or mask give a missing image; a mask of another size than its image stops the
/// run with an error naming the image. An empty mask returns the image as it is; a mask covering the whole image
/// stops the run (fast marching has nothing to start from) unless fast marching is off.</para>
/// </remarks>
public sealed class PostProcessingEstimator : GlcicEstimator<PostProcessingTransformer, PostProcessingEstimator.Options>
{
    internal const string Name = "PostProcessInpainting";

    internal PostProcessingEstimator(TransformsCatalog catalog, Options options)
        : base(catalog, Name, options is null ? throw new ArgumentNullException(nameof(options)) : options with { })
    {
    }

    /// <inheritdoc />
    private protected override PostProcessingTransformer FitCore(IDataView input)
    {
        var state = new PostProcessState(Settings.Steps.Telea, Settings.Steps.TeleaRadius, Settings.Steps.Blend);
        DataViewType imageType = input.Schema[Settings.ImageColumnName].Type;
        PersistableChain chain = OpenChain(input, state)
            .Map(new PostProcessMapping(), PostProcessMapping.Contract, InternalColumns.PostProcessed)
            .KeepImageSize(InternalColumns.PostProcessed, imageType)
            .CopyOut(Settings.OutputColumnName, InternalColumns.PostProcessed);
        return new PostProcessingTransformer(Settings, chain.Fit(input));
    }

    /// <summary>
    /// Settings of <see cref="PostProcessingEstimator"/>. The default columns: the completed image (the network's
    /// composite) "Inpainted" and the mask "Mask" in, "PostProcessed" out.
    /// </summary>
    public sealed record Options() : ImageMaskColumnOptions("PostProcessed", "Inpainted")
    {
        /// <summary>Which steps run and the fast-marching radius. The default is the authors' pipeline.</summary>
        public PostProcessingOptions Steps { get; init; } = PostProcessingOptions.Default;

        internal override void Validate()
        {
            base.Validate();
            ArgumentNullException.ThrowIfNull(Steps);
            Steps.Validate();
        }
    }
}

/// <summary>The post-processing step as a transformer. Produced by <see cref="PostProcessingEstimator"/>.</summary>
public sealed class PostProcessingTransformer : GlcicTransformer<PostProcessingEstimator.Options>
{
    internal PostProcessingTransformer(PostProcessingEstimator.Options settings, ITransformer inner)
        : base(settings, inner, PostProcessingEstimator.Name)
    {
    }
}

/// <summary>The saved behaviour of <see cref="PostProcessingTransformer"/>.</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class PostProcessMapping : ImageMaskMapping<PostProcessState, PostProcessOutput>
{
    public const string Contract = "GlcicML.PostProcess.v1";

    protected override void Missing(PostProcessOutput output) => output.PostProcessed = null;

    protected override void Map(MLImage image, MLImage mask, PostProcessState state, PostProcessOutput output)
    {
        InpaintingMask holes = ColumnChecks.MaskOf(image, mask, PostProcessingEstimator.Name, "Use the mask the image was completed with.");

        if (state.Telea && holes.IsFull)
        {
            throw new InvalidOperationException(
                $"{PostProcessingEstimator.Name}: the mask covers the whole of {ColumnChecks.Describe(image)}, so fast marching has no known pixel to start from. " +
                "Turn fast marching off for such rows, or leave part of the image unmasked.");
        }

        var options = new PostProcessingOptions { Telea = state.Telea, TeleaRadius = state.TeleaRadius, Blend = state.Blend };
        output.PostProcessed = InpaintingPostProcessor.Apply(RgbImage.FromMLImage(image), holes, options).ToMLImage();
    }
}

/// <summary>Settings saved with the model.</summary>
internal sealed record PostProcessState(bool Telea, int TeleaRadius, bool Blend);

/// <summary>Output row of <see cref="PostProcessMapping"/>.</summary>
internal sealed class PostProcessOutput
{
    [ColumnName(InternalColumns.PostProcessed)]
    public MLImage? PostProcessed { get; set; }
}
