using GlcicML.Transforms.Persistence;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace GlcicML.Inference;

/// <summary>Saved form of inpainting, step 3: the network's output inside the holes, the input's own bytes elsewhere.</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class InpaintCompositeMapping : CustomMappingFactory<InpaintCompositeInput, InpaintedOutput>
{
    public const string Contract = "GlcicML.InpaintComposite.v1";

    static InpaintCompositeMapping() => ImageTypeRegistration.Ensure();

    public override Action<InpaintCompositeInput, InpaintedOutput> GetMapping() => Map;

    public static void Map(InpaintCompositeInput input, InpaintedOutput output)
    {
        if (input.Image is null || input.Mask is null)
        {
            output.Inpainted = null;
            return;
        }

        var mask = Masks.InpaintingMask.FromMLImage(input.Mask);
        output.Inpainted = InpaintingTensors.Composite(ImagePixels.Copy(input.Image), mask, input.Completed);
    }
}

/// <summary>Input row of <see cref="InpaintCompositeMapping"/>.</summary>
internal sealed class InpaintCompositeInput
{
    [ColumnName(InternalColumns.Image)]
    public MLImage? Image { get; set; }

    [ColumnName(InternalColumns.Mask)]
    public MLImage? Mask { get; set; }

    [ColumnName(FlattenedModel.Completed)]
    public float[] Completed { get; set; } = [];
}

/// <summary>Output row of <see cref="InpaintCompositeMapping"/>.</summary>
internal sealed class InpaintedOutput
{
    [ColumnName(InternalColumns.Inpainted)]
    public MLImage? Inpainted { get; set; }
}
