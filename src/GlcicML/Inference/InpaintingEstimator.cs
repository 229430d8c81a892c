using GlcicML.Filling;
using GlcicML.Transforms;
using GlcicML.Transforms.Persistence;
using Microsoft.ML;

namespace GlcicML.Inference;

/// <summary>
/// Completes the holes of each image with a GlcicML ONNX model (see <see cref="GlcicCatalog.InpaintImages(TransformsCatalog, string, string, string, string, InpaintingEstimator.Options?)"/>).
/// </summary>
/// <remarks>
/// <para>Input: an image column and a mask column (white = hole; e.g. from GenerateInpaintingMasks), any size per row.
/// Output: an image column; pixels outside the holes are the input's bytes exactly, pixels inside come from the network.</para>
/// <para>Runs through ONNX Runtime (CPU, or CUDA with a GPU device id); consecutive rows of equal size run as one batch.
/// Saved with <c>mlContext.Model.Save</c> as a chain of ML.NET's own OnnxTransformer (which stores the model bytes in
/// the zip) between two GlcicML mappings; after <c>Load</c> it computes the same pixels row by row, on the device the
/// loading MLContext selects (<c>GpuDeviceId</c>, <c>FallbackToCpu</c>). Dispose the fitted transformer to free its sessions.</para>
/// </remarks>
public sealed class InpaintingEstimator : IEstimator<InpaintingTransformer>
{
    private const string TransformName = "InpaintImages";
    private readonly TransformsCatalog _catalog;
    private readonly byte[] _model;
    private readonly string _source;

    internal InpaintingEstimator(TransformsCatalog catalog, byte[] model, string source, Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.OutputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(options.ImageColumnName);
        ArgumentException.ThrowIfNullOrEmpty(options.MaskColumnName);
        _catalog = catalog;
        _model = model;
        _source = source;
        Settings = options with { };
        // Read the model now, so a wrong file fails here with a clear message rather than at Fit.
        _ = FlattenedModel.Create(model, source);
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
    public InpaintingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckColumns(input.Schema, Settings);
        Action<string> log = HostLog.For(_catalog, "GlcicML.InpaintImages");
        var inpainter = GlcicInpainter.FromBytes(_model, _source, Settings.ToInpainterOptions(log));
        try
        {
            var state = new InpaintingState(inpainter.Mean, Settings.Padding, Settings.MaxPixels, inpainter.ModelInfo.Prefill);
            var chain = new PersistableChain(_catalog)
                .Constant(InternalColumns.State, TransformState.Write(state))
                .CopyImageIn(InternalColumns.Image, Settings.ImageColumnName, input.Schema[Settings.ImageColumnName].Type)
                .CopyImageIn(InternalColumns.Mask, Settings.MaskColumnName, input.Schema[Settings.MaskColumnName].Type)
                .Map(new InpaintPrepareMapping(), InpaintPrepareMapping.Contract, FlattenedModel.Pixels, FlattenedModel.Shape)
                .Add(
                    _catalog.ApplyOnnxModel([FlattenedModel.Completed], [FlattenedModel.Pixels, FlattenedModel.Shape], new MemoryStream(inpainter.FlattenedModel), Settings.GpuDeviceId, Settings.FallbackToCpu),
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

    internal static void CheckColumns(DataViewSchema schema, Options options)
    {
        ColumnChecks.RequireImage(schema, options.ImageColumnName, TransformName);
        ColumnChecks.RequireImage(schema, options.MaskColumnName, TransformName);
    }

    /// <summary>Settings of <see cref="InpaintingEstimator"/>.</summary>
    public sealed record Options
    {
        /// <summary>Name of the completed-image column to add. The default is "Inpainted".</summary>
        public string OutputColumnName { get; init; } = "Inpainted";

        /// <summary>Name of the image column. The default is "Image".</summary>
        public string ImageColumnName { get; init; } = "Image";

        /// <summary>Name of the mask column (white = hole). The default is "Mask".</summary>
        public string MaskColumnName { get; init; } = "Mask";

        /// <summary>GPU for ONNX Runtime's CUDA provider; null (the default) runs on the CPU.</summary>
        public int? GpuDeviceId { get; init; }

        /// <summary>Run on the CPU when the GPU cannot be used (reported once to MLContext.Log). The default is true.</summary>
        public bool FallbackToCpu { get; init; } = true;

        /// <summary>CPU threads per inference; 0 (the default) uses one per core.</summary>
        public int CpuThreads { get; init; }

        /// <summary>Rows of equal size run together, up to this many. The default is 8; results do not depend on it.</summary>
        public int BatchSize { get; init; } = 8;

        /// <summary>Fill colour; null (the default) uses the mean stored in the model.</summary>
        public MeanColor? Mean { get; init; }

        /// <summary>Padding to a multiple of 4. The default is <see cref="PaddingMode.Reflect"/>.</summary>
        public PaddingMode Padding { get; init; } = PaddingMode.Reflect;

        /// <summary>Largest image accepted, in pixels. The default is 25,000,000.</summary>
        public long MaxPixels { get; init; } = 25_000_000;

        internal InpainterOptions ToInpainterOptions(Action<string>? log) => new()
        {
            GpuDeviceId = GpuDeviceId,
            FallbackToCpu = FallbackToCpu,
            CpuThreads = CpuThreads,
            BatchSize = BatchSize,
            Mean = Mean,
            Padding = Padding,
            MaxPixels = MaxPixels,
            Log = log,
        };
    }
}
