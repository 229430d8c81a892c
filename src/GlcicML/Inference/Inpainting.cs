namespace GlcicML.Inference;

/// <summary>
/// Completes the holes of each image with a GlcicML ONNX model (see <see cref="InpaintingTransformsCatalog.InpaintImages(TransformsCatalog, string, string, string, string, InpaintingEstimator.Options?)"/>).
/// </summary>
/// <remarks>
/// <para>Input: an image column and a mask column (white = hole; e.g. from GenerateInpaintingMasks), any size per row.
/// Output: an image column; pixels outside the holes are the input's bytes exactly, pixels inside come from the network.</para>
/// <para>Runs through ONNX Runtime (CPU, or CUDA with a GPU device id); consecutive rows of equal size run as one batch.
/// Saved with <c>mlContext.Model.Save</c> as a chain of ML.NET's own OnnxTransformer (which stores the model bytes in
/// the zip) between two GlcicML mappings; after <c>Load</c> it computes the same pixels row by row, on the device the
/// loading MLContext selects (<c>GpuDeviceId</c>, <c>FallbackToCpu</c>). Dispose the fitted transformer to free its sessions.</para>
/// </remarks>
public sealed class InpaintingEstimator : GlcicEstimator<InpaintingTransformer, InpaintingEstimator.Options>
{
    internal const string Name = "InpaintImages";
    private readonly byte[] _model;
    private readonly string _source;

    internal InpaintingEstimator(TransformsCatalog catalog, byte[] model, string source, Options options)
        : base(catalog, Name, options is null ? throw new ArgumentNullException(nameof(options)) : options with { })
    {
        _model = model;
        _source = source;
        // Read the model now, so a wrong file fails here with a clear message rather than at Fit.
        _ = FlattenedModel.Create(model, source);
    }

    /// <inheritdoc />
    private protected override InpaintingTransformer FitCore(IDataView input)
    {
        Action<string> log = HostLog.For(Catalog, "GlcicML.InpaintImages");
        var inpainter = GlcicInpainter.FromBytes(_model, _source, Settings.Inpainter.Log is null ? Settings.Inpainter with { Log = log } : Settings.Inpainter);
        try
        {
            var state = new InpaintingState(inpainter.Mean, Settings.Inpainter.Padding, Settings.Inpainter.MaxPixels, inpainter.ModelInfo.Prefill);
            PersistableChain chain = OpenChain(input, state)
                .Map(new InpaintPrepareMapping(), InpaintPrepareMapping.Contract, FlattenedModel.Pixels, FlattenedModel.Shape)
                .Add(
                    Catalog.ApplyOnnxModel([FlattenedModel.Completed], [FlattenedModel.Pixels, FlattenedModel.Shape], new MemoryStream(inpainter.FlattenedModel), Settings.Inpainter.GpuDeviceId, Settings.Inpainter.FallbackToCpu),
                    FlattenedModel.Completed)
                .Map(new InpaintCompositeMapping(), InpaintCompositeMapping.Contract, InternalColumns.Inpainted)
                .KeepImageSize(InternalColumns.Inpainted, input.Schema[Settings.ImageColumnName].Type)
                .CopyOut(Settings.OutputColumnName, InternalColumns.Inpainted);
            return new InpaintingTransformer(Settings, inpainter, chain.Fit(input));
        }
        catch
        {
            inpainter.Dispose();
            throw;
        }
    }

    /// <summary>Settings of <see cref="InpaintingEstimator"/>. The default columns: "Image" and "Mask" in, "Inpainted" out.</summary>
    public sealed record Options() : ImageMaskColumnOptions("Inpainted", "Image")
    {
        /// <summary>
        /// How the model runs: GPU or CPU, threads, rows per batch (rows of equal size run together; results do not
        /// depend on it), fill colour (null: the model's), padding and the largest image. The default is
        /// <see cref="InpainterOptions.Default"/>; its <see cref="InpainterOptions.Log"/>, when null, goes to MLContext.Log.
        /// </summary>
        public InpainterOptions Inpainter { get; init; } = InpainterOptions.Default;

        internal override void Validate()
        {
            base.Validate();
            ArgumentNullException.ThrowIfNull(Inpainter);
            Inpainter.Validate();
        }
    }
}

/// <summary>The fitted inpainting transform; owns ONNX Runtime sessions, so dispose it. Produced by <see cref="InpaintingEstimator"/>.</summary>
public sealed class InpaintingTransformer : GlcicTransformer<InpaintingEstimator.Options>, IDisposable
{
    internal InpaintingTransformer(InpaintingEstimator.Options options, GlcicInpainter inpainter, TransformerChain<ITransformer> persisted)
        : base(options, persisted, InpaintingEstimator.Name)
    {
        Inpainter = inpainter;
        Persisted = persisted;
    }

    /// <summary>The model runner (metadata, mean in use, execution provider).</summary>
    public GlcicInpainter Inpainter { get; }

    internal string OutputColumnName => Settings.OutputColumnName;

    internal string ImageColumnName => Settings.ImageColumnName;

    internal string MaskColumnName => Settings.MaskColumnName;

    private TransformerChain<ITransformer> Persisted { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Inpainter.Dispose();
        foreach (ITransformer part in Persisted)
        {
            (part as IDisposable)?.Dispose();
        }
    }


    private protected override IDataView TransformCore(IDataView input) => new InpaintingDataView(input, Inner.Transform(input), this);
}

/// <summary>
/// Saved form of inpainting, step 1: the network input for one row, mean-filled and padded, flattened for
/// ML.NET's OnnxTransformer. The same code prepares GlcicML's batched runs.
/// </summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class InpaintPrepareMapping : ImageMaskMapping<InpaintingState, InpaintNetworkInput>
{
    public const string Contract = "GlcicML.InpaintPrepare.v1";

    // A missing row still needs a valid network input; the composite step turns it into a missing image.
    protected override void Missing(InpaintNetworkInput output)
    {
        output.Pixels = new float[4 * 4 * 4];
        output.Shape = [1, 4, 4, 4];
    }

    protected override void Map(MLImage input, MLImage inputMask, InpaintingState state, InpaintNetworkInput output)
    {
        (RgbImage image, InpaintingMask mask) = Read(input, inputMask, state);
        int paddedWidth = InpaintingTensors.Padded(image.Width), paddedHeight = InpaintingTensors.Padded(image.Height);
        output.Pixels = new float[4 * paddedWidth * paddedHeight];
        InpaintingTensors.WriteInput(image, mask, state.Mean, state.Prefill, state.Padding, output.Pixels);
        output.Shape = [1, 4, paddedHeight, paddedWidth];
    }

    /// <summary>The row's image and mask, checked, with errors naming the files.</summary>
    internal static (RgbImage Image, InpaintingMask Mask) Read(MLImage image, MLImage maskImage, InpaintingState state)
    {
        InpaintingMask mask = ColumnChecks.MaskOf(image, maskImage, "InpaintImages", "Make masks with GenerateInpaintingMasks or ConvertToInpaintingMasks on the same image column.");
        string name = ColumnChecks.Describe(image);

        try
        {
            InpaintingTensors.CheckSize(image.Width, image.Height, state.Padding, state.MaxPixels, name);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"InpaintImages: {e.Message}", e);
        }

        return (RgbImage.FromMLImage(image), mask);
    }
}

/// <summary>Output row of <see cref="InpaintPrepareMapping"/>: the flattened model's two inputs.</summary>
internal sealed class InpaintNetworkInput
{
    [ColumnName(FlattenedModel.Pixels)]
    public float[] Pixels { get; set; } = [];

    [ColumnName(FlattenedModel.Shape)]
    [VectorType(4)]
    public long[] Shape { get; set; } = [];
}

/// <summary>Saved form of inpainting, step 3: the network's output inside the holes, the input's own bytes elsewhere.</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class InpaintCompositeMapping : GlcicMapping<InpaintCompositeInput, InpaintedOutput>
{
    public const string Contract = "GlcicML.InpaintComposite.v1";

    public override void Map(InpaintCompositeInput input, InpaintedOutput output)
    {
        if (input.Image is null || input.Mask is null)
        {
            output.Inpainted = null;
            return;
        }

        var mask = Masks.InpaintingMask.FromMLImage(input.Mask);
        output.Inpainted = InpaintingTensors.Composite(ImagePixels.Copy(input.Image), mask, input.Completed);
    }
}

/// <summary>Input row of <see cref="InpaintCompositeMapping"/>.</summary>
internal sealed class InpaintCompositeInput : ImageMaskRow
{
    [ColumnName(FlattenedModel.Completed)]
    public float[] Completed { get; set; } = [];
}

/// <summary>Output row of <see cref="InpaintCompositeMapping"/>.</summary>
internal sealed class InpaintedOutput
{
    [ColumnName(InternalColumns.Inpainted)]
    public MLImage? Inpainted { get; set; }
}

/// <summary>The inference settings saved with a model: fill colour, padding, the size limit and the model's prefill (absent, i.e. mean colour, in models saved before it).</summary>
internal sealed record InpaintingState(MeanColor Mean, PaddingMode Padding, long MaxPixels, HolePrefill Prefill = HolePrefill.MeanColor);
