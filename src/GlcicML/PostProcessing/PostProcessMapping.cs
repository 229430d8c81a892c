using GlcicML.Imaging;
using GlcicML.Masks;
using GlcicML.Transforms;
using GlcicML.Transforms.Persistence;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace GlcicML.PostProcessing;

/// <summary>The saved behaviour of <see cref="PostProcessingTransformer"/>.</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class PostProcessMapping : CustomMappingFactory<ImageMaskStateRow, PostProcessOutput>
{
    public const string Contract = "GlcicML.PostProcess.v1";

    static PostProcessMapping() => ImageTypeRegistration.Ensure();

    public override Action<ImageMaskStateRow, PostProcessOutput> GetMapping() => Map;

    public static void Map(ImageMaskStateRow input, PostProcessOutput output)
    {
        PostProcessState state = TransformState.Read<PostProcessState>(input.State);
        if (input.Image is null || input.Mask is null)
        {
            output.PostProcessed = null;
            return;
        }

        InpaintingMask mask = ColumnChecks.MaskOf(input.Image, input.Mask, PostProcessingEstimator.TransformName, "Use the mask the image was completed with.");

        if (state.Telea && mask.IsFull)
        {
            throw new InvalidOperationException(
                $"{PostProcessingEstimator.TransformName}: the mask covers the whole of {ColumnChecks.Describe(input.Image)}, so fast marching has no known pixel to start from. " +
                "Turn fast marching off for such rows, or leave part of the image unmasked.");
        }

        var options = new PostProcessingOptions { Telea = state.Telea, TeleaRadius = state.TeleaRadius, Blend = state.Blend };
        output.PostProcessed = InpaintingPostProcessor.Apply(RgbImage.FromMLImage(input.Image), mask, options).ToMLImage();
    }
}

/// <summary>Settings saved with the model.</summary>
internal sealed record PostProcessState(bool Telea, int TeleaRadius, bool Blend);

/// <summary>Output row of <see cref="PostProcessMapping"/>.</summary>
internal sealed class PostProcessOutput
{
    [ColumnName(InternalColumns.PostProcessed)]
    public MLImage? PostProcessed { get; set; }
}
