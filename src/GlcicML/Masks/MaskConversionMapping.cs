using System.Text.Json.Serialization;
using GlcicML.Transforms;
using GlcicML.Transforms.Persistence;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace GlcicML.Masks;

/// <summary>
/// The saved behaviour of <see cref="MaskConvertingTransformer"/>: reads a user mask per row (from a mask image
/// column, or one mask file embedded in the model), binarises it and checks it has the image's size.
/// </summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class MaskConversionMapping : CustomMappingFactory<MaskConversionInput, MaskOutput>
{
    public const string Contract = "GlcicML.ConvertMasks.v1";

    static MaskConversionMapping() => ImageTypeRegistration.Ensure();

    public override Action<MaskConversionInput, MaskOutput> GetMapping() => Map;

    public static void Map(MaskConversionInput input, MaskOutput output)
    {
        MaskConversionState state = TransformState.Read<MaskConversionState>(input.State);
        MLImage? image = input.Image;
        InpaintingMask? mask = state.EmbeddedMask ?? (input.MaskSource is null ? null : InpaintingMask.FromMLImage(input.MaskSource, state.Read));
        if (image is null || mask is null)
        {
            output.Mask = null;
            return;
        }

        if (mask.Width != image.Width || mask.Height != image.Height)
        {
            string maskName = state.EmbeddedMask is not null
                ? $"the mask file '{state.MaskFileName}' ({mask.Width}x{mask.Height})"
                : $"the mask {(string.IsNullOrEmpty(input.MaskSource!.Tag) ? string.Empty : $"'{input.MaskSource.Tag}' ")}({mask.Width}x{mask.Height})";
            throw new InvalidOperationException(
                $"Inpainting masks: {maskName} does not match {ColumnChecks.Describe(image)}. A mask must have its image's size: " +
                "resize masks with ResizeImages(..., resizing: ResizingKind.Fill) (nearest-neighbour), or fix the mask file.");
        }

        output.Mask = mask.ToMLImage();
    }
}

/// <summary>Settings saved with the model: how masks are read, and the embedded mask file if one was given.</summary>
internal sealed record MaskConversionState(MaskReadOptions Read, string? MaskFileName, string? MaskPngBase64)
{
    private InpaintingMask? _embedded;

    /// <summary>The embedded mask, decoded once per state (the state object itself is cached).</summary>
    [JsonIgnore]
    public InpaintingMask? EmbeddedMask => MaskPngBase64 is null ? null : _embedded ??= InpaintingMask.Decode(Convert.FromBase64String(MaskPngBase64), MaskFileName);
}

/// <summary>Input row of <see cref="MaskConversionMapping"/>.</summary>
internal sealed class MaskConversionInput
{
    [ColumnName(InternalColumns.Image)]
    public MLImage? Image { get; set; }

    [ColumnName(InternalColumns.MaskSource)]
    public MLImage? MaskSource { get; set; }

    [ColumnName(InternalColumns.State)]
    public string State { get; set; } = string.Empty;
}
