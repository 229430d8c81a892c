using Microsoft.ML.Data;

namespace GlcicML.Transforms.Persistence;

/// <summary>The input row shared by the saved mappings that read an image, its mask and the transform's settings.</summary>
internal sealed class ImageMaskStateRow
{
    [ColumnName(InternalColumns.Image)]
    public MLImage? Image { get; set; }

    [ColumnName(InternalColumns.Mask)]
    public MLImage? Mask { get; set; }

    [ColumnName(InternalColumns.State)]
    public string State { get; set; } = string.Empty;
}
