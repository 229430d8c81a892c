namespace GlcicML.Transforms.Persistence;

/// <summary>
/// Fixed names of the columns GlcicML's saved mappings read and write. ML.NET saves only a mapping's contract name,
/// not how its properties map to columns, so the mappings use these names and the chain copies user columns to
/// and from them, then drops them.
/// </summary>
internal static class InternalColumns
{
    public const string Anchor = "__glcic_anchor";
    public const string State = "__glcic_state";
    public const string Image = "__glcic_image";
    public const string Key = "__glcic_key";
    public const string MaskSource = "__glcic_mask_source";
    public const string Mask = "__glcic_mask";
    public const string Filled = "__glcic_filled";
    public const string NetworkInput = "__glcic_network_input";
    public const string SizedPixels = "__glcic_sized_pixels";
    public const string SizedShape = "__glcic_sized_shape";
    public const string Unsized = "__glcic_unsized";
    public const string Inpainted = "__glcic_inpainted";
    public const string PostProcessed = "__glcic_post_processed";
}
