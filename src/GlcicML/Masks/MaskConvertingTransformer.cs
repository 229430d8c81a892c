using GlcicML.Transforms;
using Microsoft.ML;

namespace GlcicML.Masks;

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
