using GlcicML.Transforms;
using GlcicML.Transforms.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GlcicML.PostProcessing;

/// <summary>
/// Polishes completed images as the paper does (§3.5.1): fast-marching inpainting of the holes (Telea, radius 1 by
/// default), then Poisson blending of the completed content onto that result (see <see cref="InpaintingPostProcessor"/>).
/// </summary>
/// <remarks>
/// <para>Input: a completed-image column (e.g. from InpaintImages) and its mask column (white = hole). Output: an image
/// column; pixels outside the holes are the input's exactly. Nothing is learned: <see cref="Fit"/> reads no data.</para>
/// <para>Rows with a missing image or mask give a missing image; a mask of another size than its image stops the
/// run with an error naming the image. An empty mask returns the image as it is; a mask covering the whole image
/// stops the run (fast marching has nothing to start from) unless fast marching is off.</para>
/// </remarks>
public sealed class PostProcessingEstimator : IEstimator<PostProcessingTransformer>
{
    internal const string TransformName = "PostProcessInpainting";
    private readonly TransformsCatalog _catalog;

    internal PostProcessingEstimator(TransformsCatalog catalog, Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(options.ImageColumnName);
        ArgumentException.ThrowIfNullOrEmpty(options.MaskColumnName);
        ArgumentNullException.ThrowIfNull(options.Steps);
        options.Steps.Validate();
        _catalog = catalog;
        Settings = options with { };
    }

    /// <summary>The settings.</summary>
    public Options Settings { get; }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnChecks.RequireImage(inputSchema, Settings.ImageColumnName, TransformName);
        ColumnChecks.RequireImage(inputSchema, Settings.MaskColumnName, TransformName);
        return _catalog.CopyColumns(Settings.OutputColumnName, Settings.ImageColumnName).GetOutputSchema(inputSchema);
    }

    /// <inheritdoc />
    public PostProcessingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckColumns(input.Schema, Settings);
        var state = new PostProcessState(Settings.Steps.Telea, Settings.Steps.TeleaRadius, Settings.Steps.Blend);
        DataViewType imageType = input.Schema[Settings.ImageColumnName].Type;
        var chain = new PersistableChain(_catalog)
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
