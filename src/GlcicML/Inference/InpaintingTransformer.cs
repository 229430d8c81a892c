using GlcicML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GlcicML.Inference;

/// <summary>The fitted inpainting transform; owns ONNX Runtime sessions, so dispose it. Produced by <see cref="InpaintingEstimator"/>.</summary>
public sealed class InpaintingTransformer : GlcicTransformer, IDisposable
{
    internal InpaintingTransformer(InpaintingEstimator.Options options, GlcicInpainter inpainter, TransformerChain<ITransformer> persisted)
        : base(persisted)
    {
        Options = options;
        Inpainter = inpainter;
        Persisted = persisted;
    }

    /// <summary>The settings.</summary>
    public InpaintingEstimator.Options Options { get; }

    /// <summary>The model runner (metadata, mean in use, execution provider).</summary>
    public GlcicInpainter Inpainter { get; }

    internal string OutputColumnName => Options.OutputColumnName;

    internal string ImageColumnName => Options.ImageColumnName;

    internal string MaskColumnName => Options.MaskColumnName;

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

    private protected override void CheckInput(DataViewSchema inputSchema) => InpaintingEstimator.CheckColumns(inputSchema, Options);

    private protected override IDataView TransformCore(IDataView input) => new InpaintingDataView(input, Inner.Transform(input), this);
}
