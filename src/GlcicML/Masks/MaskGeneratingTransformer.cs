using GlcicML.Transforms;
using Microsoft.ML;

namespace GlcicML.Masks;

/// <summary>The fitted mask generator: adds a mask column per image row. Produced by <see cref="MaskGeneratingEstimator"/>.</summary>
public sealed class MaskGeneratingTransformer : GlcicTransformer
{
    internal MaskGeneratingTransformer(MaskGeneratingEstimator.Options options, ITransformer inner)
        : base(inner)
    {
        Settings = options;
    }

    /// <summary>The settings the masks are drawn with.</summary>
    public MaskGeneratingEstimator.Options Settings { get; }

    private protected override void CheckInput(DataViewSchema inputSchema) => MaskGeneratingEstimator.CheckColumns(inputSchema, Settings);
}
