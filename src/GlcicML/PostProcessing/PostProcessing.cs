using Microsoft.ML.Transforms;

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
    internal const string TransformName = "PostProcessInpainting";

    internal PostProcessingEstimator(TransformsCatalog catalog, Options options)
        : base(catalog, Validated(options))
    {
    }

    private static Options Validated(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(options.ImageColumnName);
        ArgumentException.ThrowIfNullOrEmpty(options.MaskColumnName);
        ArgumentNullException.ThrowIfNull(options.Steps);
        options.Steps.Validate();
        return options with { };
    }

    /// <inheritdoc />
    private protected override SchemaShape OutputSchema(SchemaShape inputSchema)
    {
        ColumnChecks.RequireImage(inputSchema, Settings.ImageColumnName, TransformName);
        ColumnChecks.RequireImage(inputSchema, Settings.MaskColumnName, TransformName);
        return Catalog.CopyColumns(Settings.OutputColumnName, Settings.ImageColumnName).GetOutputSchema(inputSchema);
    }

    /// <inheritdoc />
    private protected override PostProcessingTransformer FitCore(IDataView input)
    {
        CheckColumns(input.Schema, Settings);
        var state = new PostProcessState(Settings.Steps.Telea, Settings.Steps.TeleaRadius, Settings.Steps.Blend);
        DataViewType imageType = input.Schema[Settings.ImageColumnName].Type;
        var chain = new PersistableChain(Catalog)
            .Constant(InternalColumns.State, TransformState.Write(state))
            .CopyImageIn(InternalColumns.Image, Settings.ImageColumnName, imageType)
            .CopyImageIn(InternalColumns.Mask, Settings.MaskColumnName, input.Schema[Settings.MaskColumnName].Type)
            .Map(new PostProcessMapping(), PostProcessMapping.Contract, InternalColumns.PostProcessed)
            .KeepImageSize(InternalColumns.PostProcessed, imageType)
            .CopyOut(Settings.OutputColumnName, InternalColumns.PostProcessed);
        return new PostProcessingTransformer(Settings, chain.Fit(input));
    }

    internal static void CheckColumns(DataViewSchema schema, Options options)
    {
        ColumnChecks.RequireImage(schema, options.ImageColumnName, TransformName);
        ColumnChecks.RequireImage(schema, options.MaskColumnName, TransformName);
    }

    /// <summary>Settings of <see cref="PostProcessingEstimator"/>.</summary>
    public sealed record Options
    {
        /// <summary>Name of the image column to add. The default is "PostProcessed".</summary>
        public string OutputColumnName { get; init; } = "PostProcessed";

        /// <summary>Name of the completed-image column (the network's composite). The default is "Inpainted".</summary>
        public string ImageColumnName { get; init; } = "Inpainted";

        /// <summary>Name of the mask column (white = hole). The default is "Mask".</summary>
        public string MaskColumnName { get; init; } = "Mask";

        /// <summary>Which steps run and the fast-marching radius. The default is the authors' pipeline.</summary>
        public PostProcessingOptions Steps { get; init; } = PostProcessingOptions.Default;
    }
}

/// <summary>The post-processing step as a transformer. Produced by <see cref="PostProcessingEstimator"/>.</summary>
public sealed class PostProcessingTransformer : GlcicTransformer<PostProcessingEstimator.Options>
{
    internal PostProcessingTransformer(PostProcessingEstimator.Options settings, ITransformer inner)
        : base(settings, inner, PostProcessingEstimator.CheckColumns)
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
        InpaintingMask holes = ColumnChecks.MaskOf(image, mask, PostProcessingEstimator.TransformName, "Use the mask the image was completed with.");

        if (state.Telea && holes.IsFull)
        {
            throw new InvalidOperationException(
                $"{PostProcessingEstimator.TransformName}: the mask covers the whole of {ColumnChecks.Describe(image)}, so fast marching has no known pixel to start from. " +
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
