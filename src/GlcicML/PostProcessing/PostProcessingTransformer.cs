using GlcicML.Transforms;
using Microsoft.ML;

namespace GlcicML.PostProcessing;

/// <summary>The post-processing step as a transformer. Produced by <see cref="PostProcessingEstimator"/>.</summary>
public sealed class PostProcessingTransformer : GlcicTransformer
{
    internal PostProcessingTransformer(PostProcessingEstimator.Options settings, ITransformer inner)
        : base(inner)
    {
        Settings = settings;
    }

    /// <summary>The settings.</summary>
    public PostProcessingEstimator.Options Settings { get; }

    private protected override void CheckInput(DataViewSchema inputSchema) => PostProcessingEstimator.CheckColumns(inputSchema, Settings);
}
