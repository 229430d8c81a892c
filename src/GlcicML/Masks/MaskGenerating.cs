using System.Collections.Concurrent;

namespace GlcicML.Masks;

/// <summary>
/// Adds a column of generated hole masks, one per image row (see <see cref="InpaintingTransformsCatalog.GenerateInpaintingMasks(TransformsCatalog, string, string, MaskShape, int)"/>).
/// </summary>
/// <remarks>
/// <para>Each row's mask is drawn from the seed and the row's identity: the key column's value when
/// <see cref="Options.KeyColumnName"/> is set, otherwise the image's size and pixels. So a row gets the same mask
/// whatever the cursor order, parallelism or number of passes, and identical images get identical masks.</para>
/// <para>Input: an image column (MLImage). Output: an image column of the same sizes, white (255) = hole, black = known.
/// A missing (null) image gives a missing mask. Does not train; saved and loaded with <c>mlContext.Model</c>.</para>
/// </remarks>
public sealed class MaskGeneratingEstimator : GlcicEstimator<MaskGeneratingTransformer, MaskGeneratingEstimator.Options>
{
    internal const string Name = "GenerateInpaintingMasks";

    internal MaskGeneratingEstimator(TransformsCatalog catalog, Options options)
        : base(catalog, Name, options is null ? throw new ArgumentNullException(nameof(options)) : options with { })
    {
    }

    /// <inheritdoc />
    private protected override MaskGeneratingTransformer FitCore(IDataView input)
    {
        var state = new MaskGenerationState(Settings.Generator, Settings.Seed, Settings.FreshMasksEachPass, Guid.NewGuid().ToString("N"));
        PersistableChain chain = OpenChain(input, state);
        chain = Settings.KeyColumnName is null
            ? chain.Constant(InternalColumns.Key, string.Empty)
            : chain.CopyIn(InternalColumns.Key, Settings.KeyColumnName);
        chain.Map(new MaskGenerationMapping(), MaskGenerationMapping.Contract, InternalColumns.Mask)
            .KeepImageSize(InternalColumns.Mask, input.Schema[Settings.ImageColumnName].Type)
            .CopyOut(Settings.OutputColumnName, InternalColumns.Mask);
        return new MaskGeneratingTransformer(Settings, chain.Fit(input));
    }

    /// <summary>
    /// Settings of <see cref="MaskGeneratingEstimator"/>. The default columns: the images the masks are drawn for
    /// "Image" in, "Mask" out (a mask column has its image column's shape).
    /// </summary>
    public sealed record Options() : ImageColumnOptions("Mask", "Image")
    {

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

        internal override void Validate()
        {
            base.Validate();
            ArgumentNullException.ThrowIfNull(Generator);
            Generator.Validate();
        }

        internal override void RequireColumns(SchemaShape schema, string transform)
        {
            base.RequireColumns(schema, transform);
            if (KeyColumnName is not null)
            {
                ColumnChecks.RequireText(schema, KeyColumnName, transform);
            }
        }

        internal override void RequireColumns(DataViewSchema schema, string transform)
        {
            base.RequireColumns(schema, transform);
            if (KeyColumnName is not null)
            {
                ColumnChecks.RequireText(schema, KeyColumnName, transform);
            }
        }
    }
}

/// <summary>The fitted mask generator: adds a mask column per image row. Produced by <see cref="MaskGeneratingEstimator"/>.</summary>
public sealed class MaskGeneratingTransformer : GlcicTransformer<MaskGeneratingEstimator.Options>
{
    internal MaskGeneratingTransformer(MaskGeneratingEstimator.Options options, ITransformer inner)
        : base(options, inner, MaskGeneratingEstimator.Name)
    {
    }
}

/// <summary>The saved behaviour of <see cref="MaskGeneratingTransformer"/>: one generated mask per image row.</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class MaskGenerationMapping : GlcicMapping<MaskGenerationInput, MaskOutput>
{
    public const string Contract = "GlcicML.GenerateMasks.v1";

    /// <summary>How many times each (transformer, row) has been read, for fresh masks on every pass.</summary>
    private static readonly ConcurrentDictionary<(string Instance, ulong Identity), int> s_reads = new();

    public override void Map(MaskGenerationInput input, MaskOutput output)
    {
        MaskGenerationState state = TransformState.Read<MaskGenerationState>(input.State);
        MLImage? image = input.Image;
        if (image is null)
        {
            output.Mask = null;
            return;
        }

        ulong identity = string.IsNullOrEmpty(input.Key)
            ? MaskSeed.ContentIdentity(image)
            : MaskSeed.KeyIdentity(input.Key);
        int pass = state.FreshMasksEachPass ? s_reads.AddOrUpdate((state.InstanceId, identity), 0, (_, reads) => reads + 1) : 0;
        ulong seed = MaskSeed.Combine(state.Seed, identity, pass);
        InpaintingMask mask;
        try
        {
            mask = MaskGenerator.Generate(image.Width, image.Height, state.Generator, seed);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"GenerateInpaintingMasks: cannot draw holes for {ColumnChecks.Describe(image)}: {e.Message}", e);
        }

        output.Mask = mask.ToMLImage();
    }
}

/// <summary>Settings saved with the model.</summary>
internal sealed record MaskGenerationState(MaskGeneratorOptions Generator, int Seed, bool FreshMasksEachPass, string InstanceId);

/// <summary>Input row of <see cref="MaskGenerationMapping"/>.</summary>
internal sealed class MaskGenerationInput : ImageRow
{
    [ColumnName(InternalColumns.Key)]
    public string Key { get; set; } = string.Empty;

    [ColumnName(InternalColumns.State)]
    public string State { get; set; } = string.Empty;
}

/// <summary>Output row of the mask mappings.</summary>
internal sealed class MaskOutput
{
    [ColumnName(InternalColumns.Mask)]
    public MLImage? Mask { get; set; }
}
