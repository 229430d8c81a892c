using GlcicML.Imaging;
using GlcicML.Masks;
using GlcicML.Transforms;
using GlcicML.Transforms.Persistence;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace GlcicML.Filling;

/// <summary>The saved behaviour of <see cref="MeanColorFillingTransformer"/>.</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class MeanFillMapping : CustomMappingFactory<ImageMaskStateRow, MeanFillOutput>
{
    public const string Contract = "GlcicML.MeanFill.v1";

    static MeanFillMapping() => ImageTypeRegistration.Ensure();

    public override Action<ImageMaskStateRow, MeanFillOutput> GetMapping() => Map;

    public static void Map(ImageMaskStateRow input, MeanFillOutput output)
    {
        MeanFillState state = TransformState.Read<MeanFillState>(input.State);
        if (input.Image is null || input.Mask is null)
        {
            output.Filled = null;
            output.NetworkInput = [];
            return;
        }

        InpaintingMask mask = ColumnChecks.MaskOf(input.Image, input.Mask, "FillHolesWithMeanColor",
            "Make masks with GenerateInpaintingMasks or ConvertToInpaintingMasks on the same image column.");

        output.Filled = MeanColorFill.Apply(input.Image, mask, state.Mean);
        output.NetworkInput = state.EmitNetworkInput ? MeanColorFill.CreateNetworkInput(RgbImage.FromMLImage(input.Image), mask, state.Mean) : [];
    }
}

/// <summary>Settings saved with the model.</summary>
internal sealed record MeanFillState(MeanColor Mean, bool EmitNetworkInput);

/// <summary>Output row of <see cref="MeanFillMapping"/>.</summary>
internal sealed class MeanFillOutput
{
    [ColumnName(InternalColumns.Filled)]
    public MLImage? Filled { get; set; }

    [ColumnName(InternalColumns.NetworkInput)]
    public float[] NetworkInput { get; set; } = [];
}
