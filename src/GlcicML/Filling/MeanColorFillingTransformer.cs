using GlcicML.Transforms;
using Microsoft.ML;

namespace GlcicML.Filling;

/// <summary>The fitted mean-colour fill. Produced by <see cref="MeanColorFillingEstimator"/>.</summary>
public sealed class MeanColorFillingTransformer : GlcicTransformer
{
    internal MeanColorFillingTransformer(MeanColorFillingEstimator.Options options, ITransformer inner)
        : base(inner)
    {
        Settings = options;
    }

    /// <summary>The settings, with <see cref="MeanColorFillingEstimator.Options.Mean"/> set to the colour in use.</summary>
    public MeanColorFillingEstimator.Options Settings { get; }

    /// <summary>The colour written into the holes (computed by Fit or given).</summary>
    public MeanColor Mean => Settings.Mean!.Value;

    private protected override void CheckInput(DataViewSchema inputSchema) => MeanColorFillingEstimator.CheckColumns(inputSchema, Settings);
}
