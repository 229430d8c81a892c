using GlcicML.Transforms;
using GlcicML.Transforms.Persistence;
using Microsoft.ML;

namespace GlcicML.Masks;

/// <summary>
/// Adds a column of generated hole masks, one per image row (see <see cref="GlcicCatalog.GenerateInpaintingMasks(TransformsCatalog, string, string, MaskShape, int)"/>).
/// </summary>
/// <remarks>
/// <para>Each row's mask is drawn from the seed and the row's identity: the key column's value when
/// <see cref="Options.KeyColumnName"/> is set, otherwise the image's size and pixels. So a row gets the same mask
/// whatever the cursor order, parallelism or number of passes, and identical images get identical masks.</para>
/// <para>Input: an image column (MLImage). Output: an image column of the same sizes, white (255) = hole, black = known.
/// A missing (null) image gives a missing mask. Does not train; saved and loaded with <c>mlContext.Model</c>.</para>
/// </remarks>
public sealed class MaskGeneratingEstimator : IEstimator<MaskGeneratingTransformer>
{
    private const string TransformName = "GenerateInpaintingMasks";
    private readonly TransformsCatalog _catalog;
    private readonly Options _options;

    internal MaskGeneratingEstimator(TransformsCatalog catalog, Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(options.ImageColumnName);
        ArgumentNullException.ThrowIfNull(options.Generator);
        options.Generator.Validate();
        _catalog = catalog;
        _options = options with { };
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnChecks.RequireImage(inputSchema, _options.ImageColumnName, TransformName);
        if (_options.KeyColumnName is not null)
        {
            ColumnChecks.RequireText(inputSchema, _options.KeyColumnName, TransformName);
        }

        // The mask column has the image column's shape: a scalar image.
        return _catalog.CopyColumns(_options.OutputColumnName, _options.ImageColumnName).GetOutputSchema(inputSchema);
    }

    /// <inheritdoc />
    public MaskGeneratingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckColumns(input.Schema, _options);
        var state = new MaskGenerationState(_options.Generator, _options.Seed, _options.FreshMasksEachPass, Guid.NewGuid().ToString("N"));
        var chain = new PersistableChain(_catalog)
            .Constant(InternalColumns.State, TransformState.Write(state))
            .CopyImageIn(InternalColumns.Image, _options.ImageColumnName, input.Schema[_options.ImageColumnName].Type);
        chain = _options.KeyColumnName is null
            ? chain.Constant(InternalColumns.Key, string.Empty)
            : chain.CopyIn(InternalColumns.Key, _options.KeyColumnName);
        chain.Map(new MaskGenerationMapping(), MaskGenerationMapping.Contract, InternalColumns.Mask)
            .KeepImageSize(InternalColumns.Mask, input.Schema[_options.ImageColumnName].Type)
            .CopyOut(_options.OutputColumnName, InternalColumns.Mask);
        return new MaskGeneratingTransformer(_options, chain.Fit(input));
    }

    internal static void CheckColumns(DataViewSchema schema, Options options)
    {
        ColumnChecks.RequireImage(schema, options.ImageColumnName, TransformName);
        if (options.KeyColumnName is not null)
        {
            ColumnChecks.RequireText(schema, options.KeyColumnName, TransformName);
        }
    }

    /// <summary>Settings of <see cref="MaskGeneratingEstimator"/>.</summary>
    public sealed record Options
    {
        /// <summary>Name of the mask column to add. The default is "Mask".</summary>
        public string OutputColumnName { get; init; } = "Mask";

        /// <summary>Name of the image column (MLImage) the masks are drawn for. The default is "Image".</summary>
        public string ImageColumnName { get; init; } = "Image";

        /// <summary>
        /// Optional text column that identifies each row (e.g. the image path). When set, the mask depends on the seed
        /// and this key only; when null (the default), on the seed and the image's size and pixels.
        /// </summary>
        public string? KeyColumnName { get; init; }

        /// <summary>Hole shapes and bounds. The default is <see cref="MaskGeneratorOptions.PaperTraining"/>.</summary>
        public MaskGeneratorOptions Generator { get; init; } = MaskGeneratorOptions.PaperTraining;

        /// <summary>Seed of the masks. The default is 0.</summary>
        public int Seed { get; init; }

        /// <summary>
        /// When true, a row gets a new mask each time it is read (pass k gets the k-th mask of the row's own seeded
        /// sequence): fresh holes on every epoch, for training. Meant for one reader per pass; a consumer that reads a
        /// row twice in one pass advances its sequence twice. The default is false (one fixed mask per row).
        /// </summary>
        public bool FreshMasksEachPass { get; init; }
    }
}
