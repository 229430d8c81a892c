using GlcicML.Imaging;
using GlcicML.Masks;
using GlcicML.Transforms;
using GlcicML.Transforms.Persistence;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace GlcicML.Inference;

/// <summary>
/// Saved form of inpainting, step 1: the network input for one row, mean-filled and padded, flattened for
/// ML.NET's OnnxTransformer. The same code prepares GlcicML's batched runs.
/// </summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class InpaintPrepareMapping : CustomMappingFactory<ImageMaskStateRow, InpaintNetworkInput>
{
    public const string Contract = "GlcicML.InpaintPrepare.v1";

    static InpaintPrepareMapping() => ImageTypeRegistration.Ensure();

    public override Action<ImageMaskStateRow, InpaintNetworkInput> GetMapping() => Map;

    public static void Map(ImageMaskStateRow input, InpaintNetworkInput output)
    {
        InpaintingState state = TransformState.Read<InpaintingState>(input.State);
        if (input.Image is null || input.Mask is null)
        {
            // A missing row still needs a valid network input; the composite step turns it into a missing image.
            output.Pixels = new float[4 * 4 * 4];
            output.Shape = [1, 4, 4, 4];
            return;
        }

        (RgbImage image, InpaintingMask mask) = Read(input.Image, input.Mask, state);
        int paddedWidth = InpaintingTensors.Padded(image.Width), paddedHeight = InpaintingTensors.Padded(image.Height);
        output.Pixels = new float[4 * paddedWidth * paddedHeight];
        InpaintingTensors.WriteInput(image, mask, state.Mean, state.Prefill, state.Padding, output.Pixels);
        output.Shape = [1, 4, paddedHeight, paddedWidth];
    }

    /// <summary>The row's image and mask, checked, with errors naming the files.</summary>
    internal static (RgbImage Image, InpaintingMask Mask) Read(MLImage image, MLImage maskImage, InpaintingState state)
    {
        InpaintingMask mask = ColumnChecks.MaskOf(image, maskImage, "InpaintImages", "Make masks with GenerateInpaintingMasks or ConvertToInpaintingMasks on the same image column.");
        string name = ColumnChecks.Describe(image);

        try
        {
            InpaintingTensors.CheckSize(image.Width, image.Height, state.Padding, state.MaxPixels, name);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"InpaintImages: {e.Message}", e);
        }

        return (RgbImage.FromMLImage(image), mask);
    }
}

/// <summary>Output row of <see cref="InpaintPrepareMapping"/>: the flattened model's two inputs.</summary>
internal sealed class InpaintNetworkInput
{
    [ColumnName(FlattenedModel.Pixels)]
    public float[] Pixels { get; set; } = [];

    [ColumnName(FlattenedModel.Shape)]
    [VectorType(4)]
    public long[] Shape { get; set; } = [];
}
