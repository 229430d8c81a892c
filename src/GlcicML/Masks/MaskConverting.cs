using System.Text.Json.Serialization;

namespace GlcicML.Masks;

/// <summary>
/// Adds a column of user-supplied hole masks, read from a mask image column or from one mask file for every row,
/// binarised with an explicit channel, threshold and polarity, and checked to have each image's size.
/// </summary>
/// <remarks>
/// Input: an image column and (column mode) a mask image column, both MLImage. Output: an image column, white = hole.
/// A row whose image or mask is missing (null) gets a missing mask; a mask of the wrong size stops the pipeline with
/// an error naming both files and sizes. A mask file is read once, when the estimator is created, and embedded in the
/// saved model.
/// </remarks>
public sealed class MaskConvertingEstimator : IEstimator<MaskConvertingTransformer>
{
    private const string TransformName = "ConvertToInpaintingMasks";
    private readonly TransformsCatalog _catalog;
    private readonly string _outputColumnName;
    private readonly string _imageColumnName;
    private readonly string? _maskImageColumnName;
    private readonly MaskConversionState _state;

    private MaskConvertingEstimator(TransformsCatalog catalog, string outputColumnName, string imageColumnName, string? maskImageColumnName, MaskConversionState state)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(imageColumnName);
        _ = state.Read.ByteThreshold; // validates the threshold now rather than on the first row
        _catalog = catalog;
        _outputColumnName = outputColumnName;
        _imageColumnName = imageColumnName;
        _maskImageColumnName = maskImageColumnName;
        _state = state;
    }

    internal static MaskConvertingEstimator FromColumn(TransformsCatalog catalog, string outputColumnName, string maskImageColumnName, string imageColumnName, MaskReadOptions? readOptions)
    {
        ArgumentException.ThrowIfNullOrEmpty(maskImageColumnName);
        return new MaskConvertingEstimator(catalog, outputColumnName, imageColumnName, maskImageColumnName, new MaskConversionState(readOptions ?? MaskReadOptions.Default, null, null));
    }

    internal static MaskConvertingEstimator FromFile(TransformsCatalog catalog, string outputColumnName, string maskFilePath, string imageColumnName, MaskReadOptions? readOptions)
    {
        ArgumentException.ThrowIfNullOrEmpty(maskFilePath);
        readOptions ??= MaskReadOptions.Default;
        InpaintingMask mask = InpaintingMask.Load(maskFilePath, readOptions);
        using var png = new MemoryStream();
        mask.Encode(png);
        var state = new MaskConversionState(readOptions, maskFilePath, Convert.ToBase64String(png.ToArray()));
        return new MaskConvertingEstimator(catalog, outputColumnName, imageColumnName, null, state);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnChecks.RequireImage(inputSchema, _imageColumnName, TransformName);
        if (_maskImageColumnName is not null)
        {
            ColumnChecks.RequireImage(inputSchema, _maskImageColumnName, TransformName);
        }

        return _catalog.CopyColumns(_outputColumnName, _imageColumnName).GetOutputSchema(inputSchema);
    }

    /// <inheritdoc />
    public MaskConvertingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckColumns(input.Schema, _imageColumnName, _maskImageColumnName);
        var chain = new PersistableChain(_catalog)
            .Constant(InternalColumns.State, TransformState.Write(_state))
            .CopyImageIn(InternalColumns.Image, _imageColumnName, input.Schema[_imageColumnName].Type);
        if (_maskImageColumnName is not null)
        {
            chain.CopyImageIn(InternalColumns.MaskSource, _maskImageColumnName, input.Schema[_maskImageColumnName].Type);
        }
        else
        {
            // With a mask file the source slot only has to exist; the mapping reads the embedded mask instead.
            chain.CopyIn(InternalColumns.MaskSource, InternalColumns.Image);
        }

        chain.Map(new MaskConversionMapping(), MaskConversionMapping.Contract, InternalColumns.Mask)
            .KeepImageSize(InternalColumns.Mask, input.Schema[_imageColumnName].Type)
            .CopyOut(_outputColumnName, InternalColumns.Mask);
        return new MaskConvertingTransformer(_imageColumnName, _maskImageColumnName, _state.MaskFileName, chain.Fit(input));
    }

    internal static void CheckColumns(DataViewSchema schema, string imageColumnName, string? maskImageColumnName)
    {
        ColumnChecks.RequireImage(schema, imageColumnName, TransformName);
        if (maskImageColumnName is not null)
        {
            ColumnChecks.RequireImage(schema, maskImageColumnName, TransformName);
        }
    }
}

/// <summary>The fitted user-mask reader. Produced by <see cref="MaskConvertingEstimator"/>.</summary>
public sealed class MaskConvertingTransformer : GlcicTransformer
{
    internal MaskConvertingTransformer(string imageColumnName, string? maskImageColumnName, string? maskFile, ITransformer inner)
        : base(inner)
    {
        ImageColumnName = imageColumnName;
        MaskImageColumnName = maskImageColumnName;
        MaskFile = maskFile;
    }

    /// <summary>The image column the masks are checked against.</summary>
    public string ImageColumnName { get; }

    /// <summary>The mask image column, or null when one mask file serves every row.</summary>
    public string? MaskImageColumnName { get; }

    /// <summary>The mask file embedded in the model, or null in column mode.</summary>
    public string? MaskFile { get; }

    private protected override void CheckInput(DataViewSchema inputSchema) =>
        MaskConvertingEstimator.CheckColumns(inputSchema, ImageColumnName, MaskImageColumnName);
}

/// <summary>
/// The saved behaviour of <see cref="MaskConvertingTransformer"/>: reads a user mask per row (from a mask image
/// column, or one mask file embedded in the model), binarises it and checks it has the image's size.
/// </summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class MaskConversionMapping : GlcicMapping<MaskConversionInput, MaskOutput>
{
    public const string Contract = "GlcicML.ConvertMasks.v1";

    public override void Map(MaskConversionInput input, MaskOutput output)
    {
        MaskConversionState state = TransformState.Read<MaskConversionState>(input.State);
        MLImage? image = input.Image;
        InpaintingMask? mask = state.EmbeddedMask ?? (input.MaskSource is null ? null : InpaintingMask.FromMLImage(input.MaskSource, state.Read));
        if (image is null || mask is null)
        {
            output.Mask = null;
            return;
        }

        if (mask.Width != image.Width || mask.Height != image.Height)
        {
            string maskName = state.EmbeddedMask is not null
                ? $"the mask file '{state.MaskFileName}' ({mask.Width}x{mask.Height})"
                : $"the mask {(string.IsNullOrEmpty(input.MaskSource!.Tag) ? string.Empty : $"'{input.MaskSource.Tag}' ")}({mask.Width}x{mask.Height})";
            throw new InvalidOperationException(
                $"Inpainting masks: {maskName} does not match {ColumnChecks.Describe(image)}. A mask must have its image's size: " +
                "resize masks with ResizeImages(..., resizing: ResizingKind.Fill) (nearest-neighbour), or fix the mask file.");
        }

        output.Mask = mask.ToMLImage();
    }
}

/// <summary>Settings saved with the model: how masks are read, and the embedded mask file if one was given.</summary>
internal sealed record MaskConversionState(MaskReadOptions Read, string? MaskFileName, string? MaskPngBase64)
{
    private InpaintingMask? _embedded;

    /// <summary>The embedded mask, decoded once per state (the state object itself is cached).</summary>
    [JsonIgnore]
    public InpaintingMask? EmbeddedMask => MaskPngBase64 is null ? null : _embedded ??= InpaintingMask.Decode(Convert.FromBase64String(MaskPngBase64), MaskFileName);
}

/// <summary>Input row of <see cref="MaskConversionMapping"/>.</summary>
internal sealed class MaskConversionInput : ImageRow
{
    [ColumnName(InternalColumns.MaskSource)]
    public MLImage? MaskSource { get; set; }

    [ColumnName(InternalColumns.State)]
    public string State { get; set; } = string.Empty;
}
