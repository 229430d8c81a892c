using GlcicML.Transforms;
using GlcicML.Transforms.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GlcicML.Filling;

/// <summary>
/// Fills the holes of each image with the dataset's mean colour, as GLCIC does before the completion network, and can
/// also emit the network's 4-channel input.
/// </summary>
/// <remarks>
/// <para><see cref="Fit"/> streams the data once and computes the per-channel mean over every pixel of every image
/// (each pixel weighs the same; images may differ in size), unless a mean is given (e.g. the one that comes with a
/// trained model), in which case it reads no data.</para>
/// <para>Outputs: an image column with the holes filled (pixels outside the holes are unchanged; alpha is dropped), and
/// optionally a float vector column with the network input in planar layout: R, G, B planes in [0, 1] with holes set to
/// the mean (rounded to 8 bits, so the planes equal ExtractPixels of the filled image), then the mask plane (1 = hole), 4 × height × width values. Rows with a missing image or mask give a
/// missing image and an empty vector.</para>
/// </remarks>
public sealed class MeanColorFillingEstimator : IEstimator<MeanColorFillingTransformer>
{
    private const string TransformName = "FillHolesWithMeanColor";
    private readonly TransformsCatalog _catalog;
    private readonly Options _options;

    internal MeanColorFillingEstimator(TransformsCatalog catalog, Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(options.ImageColumnName);
        ArgumentException.ThrowIfNullOrEmpty(options.MaskColumnName);
        options.Mean?.Validate();
        _catalog = catalog;
        _options = options with { };
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnChecks.RequireImage(inputSchema, _options.ImageColumnName, TransformName);
        ColumnChecks.RequireImage(inputSchema, _options.MaskColumnName, TransformName);
        SchemaShape result = _catalog.CopyColumns(_options.OutputColumnName, _options.ImageColumnName).GetOutputSchema(inputSchema);
        if (_options.NetworkInputColumnName is null)
        {
            return result;
        }

        // Borrow the vector column's shape from a mapping with no inputs, then give it the user's name.
        SchemaShape withVector = _catalog.CustomMapping<NoColumns, NetworkInputShape>((_, _) => { }, contractName: null).GetOutputSchema(result);
        withVector = _catalog.CopyColumns(_options.NetworkInputColumnName, InternalColumns.NetworkInput).GetOutputSchema(withVector);
        return new SchemaShape(withVector.Where(c => c.Name != InternalColumns.NetworkInput));
    }

    /// <inheritdoc />
    public MeanColorFillingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckColumns(input.Schema, _options);
        MeanColor mean = _options.Mean ?? ComputeMean(input, _options.ImageColumnName);
        var state = new MeanFillState(mean, _options.NetworkInputColumnName is not null);
        var chain = new PersistableChain(_catalog)
            .Constant(InternalColumns.State, TransformState.Write(state))
            .CopyImageIn(InternalColumns.Image, _options.ImageColumnName, input.Schema[_options.ImageColumnName].Type)
            .CopyImageIn(InternalColumns.Mask, _options.MaskColumnName, input.Schema[_options.MaskColumnName].Type)
            .Map(new MeanFillMapping(), MeanFillMapping.Contract, InternalColumns.Filled, InternalColumns.NetworkInput)
            .KeepImageSize(InternalColumns.Filled, input.Schema[_options.ImageColumnName].Type)
            .CopyOut(_options.OutputColumnName, InternalColumns.Filled);
        if (_options.NetworkInputColumnName is not null)
        {
            chain.CopyOut(_options.NetworkInputColumnName, InternalColumns.NetworkInput);
        }

        return new MeanColorFillingTransformer(_options with { Mean = mean }, chain.Fit(input));
    }

    /// <summary>One pass over the image column: the mean over every pixel of every (non-missing) image.</summary>
    internal static MeanColor ComputeMean(IDataView input, string imageColumnName)
    {
        DataViewSchema.Column column = input.Schema[imageColumnName];
        var accumulator = new MeanColorAccumulator();
        using (DataViewRowCursor cursor = input.GetRowCursor([column]))
        {
            ValueGetter<MLImage?> getter = cursor.GetGetter<MLImage?>(column);
            MLImage? image = null;
            while (cursor.MoveNext())
            {
                getter(ref image);
                if (image is not null)
                {
                    accumulator.Add(image);
                }
            }
        }

        if (accumulator.PixelCount == 0)
        {
            throw new InvalidOperationException(
                $"{TransformName}: cannot compute the mean colour, column '{imageColumnName}' has no images (no rows, or all missing). Pass the mean explicitly.");
        }

        return accumulator.Mean;
    }

    internal static void CheckColumns(DataViewSchema schema, Options options)
    {
        ColumnChecks.RequireImage(schema, options.ImageColumnName, TransformName);
        ColumnChecks.RequireImage(schema, options.MaskColumnName, TransformName);
    }

    /// <summary>Settings of <see cref="MeanColorFillingEstimator"/>.</summary>
    public sealed record Options
    {
        /// <summary>Name of the filled-image column to add. The default is "Filled".</summary>
        public string OutputColumnName { get; init; } = "Filled";

        /// <summary>Name of the image column. The default is "Image".</summary>
        public string ImageColumnName { get; init; } = "Image";

        /// <summary>Name of the mask column (white = hole), e.g. from GenerateInpaintingMasks. The default is "Mask".</summary>
        public string MaskColumnName { get; init; } = "Mask";

        /// <summary>Name of the network-input vector column to add, or null (the default) for none.</summary>
        public string? NetworkInputColumnName { get; init; }

        /// <summary>The fill colour. Null (the default) computes the dataset mean in <see cref="Fit"/>.</summary>
        public MeanColor? Mean { get; init; }
    }

    /// <summary>Only for its schema: the shape of the network-input column.</summary>
    private sealed class NetworkInputShape
    {
        [ColumnName(InternalColumns.NetworkInput)]
        public float[] NetworkInput { get; set; } = [];
    }
}
