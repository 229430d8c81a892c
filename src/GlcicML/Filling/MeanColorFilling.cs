namespace GlcicML.Filling;

/// <summary>
/// Fills the holes of each image with the dataset's mean colour, as GLCIC does before the completion network, and can
/// also emit the network's 4-channel input.
/// </summary>
/// <remarks>
/// <para><c>Fit</c> streams the data once and computes the per-channel mean over every pixel of every image
/// (each pixel weighs the same; images may differ in size), unless a mean is given (e.g. the one that comes with a
/// trained model), in which case it reads no data.</para>
/// <para>Outputs: an image column with the holes filled (pixels outside the holes are unchanged; alpha is dropped), and
/// optionally a float vector column with the network input in planar layout: R, G, B planes in [0, 1] with holes set to
/// the mean (rounded to 8 bits, so the planes equal ExtractPixels of the filled image), then the mask plane (1 = hole), 4 × height × width values. Rows with a missing image or mask give a
/// missing image and an empty vector.</para>
/// </remarks>
public sealed class MeanColorFillingEstimator : GlcicEstimator<MeanColorFillingTransformer, MeanColorFillingEstimator.Options>
{
    internal const string Name = "FillHolesWithMeanColor";

    internal MeanColorFillingEstimator(TransformsCatalog catalog, Options options)
        : base(catalog, Name, options is null ? throw new ArgumentNullException(nameof(options)) : options with { })
    {
    }

    /// <inheritdoc />
    private protected override SchemaShape OutputSchema(SchemaShape inputSchema)
    {
        SchemaShape result = base.OutputSchema(inputSchema);
        if (Settings.NetworkInputColumnName is null)
        {
            return result;
        }

        // Borrow the vector column's shape from a mapping with no inputs, then give it the user's name.
        SchemaShape withVector = Catalog.CustomMapping<NoColumns, NetworkInputShape>((_, _) => { }, contractName: null).GetOutputSchema(result);
        withVector = Catalog.CopyColumns(Settings.NetworkInputColumnName, InternalColumns.NetworkInput).GetOutputSchema(withVector);
        return new SchemaShape(withVector.Where(c => c.Name != InternalColumns.NetworkInput));
    }

    /// <inheritdoc />
    private protected override MeanColorFillingTransformer FitCore(IDataView input)
    {
        MeanColor mean = Settings.Mean ?? ComputeMean(input, Settings.ImageColumnName);
        var state = new MeanFillState(mean, Settings.NetworkInputColumnName is not null);
        PersistableChain chain = OpenChain(input, state)
            .Map(new MeanFillMapping(), MeanFillMapping.Contract, InternalColumns.Filled, InternalColumns.NetworkInput)
            .KeepImageSize(InternalColumns.Filled, input.Schema[Settings.ImageColumnName].Type)
            .CopyOut(Settings.OutputColumnName, InternalColumns.Filled);
        if (Settings.NetworkInputColumnName is not null)
        {
            chain.CopyOut(Settings.NetworkInputColumnName, InternalColumns.NetworkInput);
        }

        return new MeanColorFillingTransformer(Settings with { Mean = mean }, chain.Fit(input));
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
                $"{Name}: cannot compute the mean colour, column '{imageColumnName}' has no images (no rows, or all missing). Pass the mean explicitly.");
        }

        return accumulator.Mean;
    }

    /// <summary>Settings of <see cref="MeanColorFillingEstimator"/>. The default columns: "Image" and "Mask" in, "Filled" out.</summary>
    public sealed record Options() : ImageMaskColumnOptions("Filled", "Image")
    {

        /// <summary>Name of the network-input vector column to add, or null (the default) for none.</summary>
        public string? NetworkInputColumnName { get; init; }

        /// <summary>The fill colour. Null (the default) computes the dataset mean in <c>Fit</c>.</summary>
        public MeanColor? Mean { get; init; }

        internal override void Validate()
        {
            base.Validate();
            Mean?.Validate();
        }
    }

    /// <summary>Only for its schema: the shape of the network-input column.</summary>
    private sealed class NetworkInputShape
    {
        [ColumnName(InternalColumns.NetworkInput)]
        public float[] NetworkInput { get; set; } = [];
    }
}

/// <summary>The fitted mean-colour fill. Produced by <see cref="MeanColorFillingEstimator"/>.</summary>
/// <remarks>Its <see cref="GlcicTransformer{TOptions}.Settings"/> have <see cref="MeanColorFillingEstimator.Options.Mean"/> set to the colour in use.</remarks>
public sealed class MeanColorFillingTransformer : GlcicTransformer<MeanColorFillingEstimator.Options>
{
    internal MeanColorFillingTransformer(MeanColorFillingEstimator.Options options, ITransformer inner)
        : base(options, inner, MeanColorFillingEstimator.Name)
    {
    }

    /// <summary>The colour written into the holes (computed by Fit or given).</summary>
    public MeanColor Mean => Settings.Mean!.Value;
}

/// <summary>The saved behaviour of <see cref="MeanColorFillingTransformer"/>.</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class MeanFillMapping : ImageMaskMapping<MeanFillState, MeanFillOutput>
{
    public const string Contract = "GlcicML.MeanFill.v1";

    protected override void Missing(MeanFillOutput output)
    {
        output.Filled = null;
        output.NetworkInput = [];
    }

    protected override void Map(MLImage image, MLImage mask, MeanFillState state, MeanFillOutput output)
    {
        InpaintingMask holes = ColumnChecks.MaskOf(image, mask, "FillHolesWithMeanColor",
            "Make masks with GenerateInpaintingMasks or ConvertToInpaintingMasks on the same image column.");

        output.Filled = MeanColorFill.Apply(image, holes, state.Mean);
        output.NetworkInput = state.EmitNetworkInput ? MeanColorFill.CreateNetworkInput(RgbImage.FromMLImage(image), holes, state.Mean) : [];
    }
}

/// <summary>Settings saved with the model.</summary>
internal sealed record MeanFillState(MeanColor Mean, bool EmitNetworkInput);

/// <summary>Output row of <see cref="MeanFillMapping"/>.</summary>
internal sealed class MeanFillOutput
{
    [ColumnName(InternalColumns.Filled)]
    public MLImage? Filled { get; set; }

    [ColumnName(InternalColumns.NetworkInput)]
    public float[] NetworkInput { get; set; } = [];
}
