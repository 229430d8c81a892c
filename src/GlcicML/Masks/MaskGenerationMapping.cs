using System.Collections.Concurrent;
using GlcicML.Transforms;
using GlcicML.Transforms.Persistence;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace GlcicML.Masks;

/// <summary>The saved behaviour of <see cref="MaskGeneratingTransformer"/>: one generated mask per image row.</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class MaskGenerationMapping : CustomMappingFactory<MaskGenerationInput, MaskOutput>
{
    public const string Contract = "GlcicML.GenerateMasks.v1";

    /// <summary>How many times each (transformer, row) has been read, for fresh masks on every pass.</summary>
    private static readonly ConcurrentDictionary<(string Instance, ulong Identity), int> s_reads = new();

    static MaskGenerationMapping() => ImageTypeRegistration.Ensure();

    public override Action<MaskGenerationInput, MaskOutput> GetMapping() => Map;

    public static void Map(MaskGenerationInput input, MaskOutput output)
    {
        MaskGenerationState state = TransformState.Read<MaskGenerationState>(input.State);
        MLImage? image = input.Image;
        if (image is null)
        {
            output.Mask = null;
            return;
        }

        ulong identity = string.IsNullOrEmpty(input.Key)
            ? MaskSeed.ContentIdentity(image)
            : MaskSeed.KeyIdentity(input.Key);
        int pass = state.FreshMasksEachPass ? s_reads.AddOrUpdate((state.InstanceId, identity), 0, (_, reads) => reads + 1) : 0;
        ulong seed = MaskSeed.Combine(state.Seed, identity, pass);
        InpaintingMask mask;
        try
        {
            mask = MaskGenerator.Generate(image.Width, image.Height, state.Generator, seed);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"GenerateInpaintingMasks: cannot draw holes for {ColumnChecks.Describe(image)}: {e.Message}", e);
        }

        output.Mask = mask.ToMLImage();
    }
}

/// <summary>Settings saved with the model.</summary>
internal sealed record MaskGenerationState(MaskGeneratorOptions Generator, int Seed, bool FreshMasksEachPass, string InstanceId);

/// <summary>Input row of <see cref="MaskGenerationMapping"/>.</summary>
internal sealed class MaskGenerationInput
{
    [ColumnName(InternalColumns.Image)]
    public MLImage? Image { get; set; }

    [ColumnName(InternalColumns.Key)]
    public string Key { get; set; } = string.Empty;

    [ColumnName(InternalColumns.State)]
    public string State { get; set; } = string.Empty;
}

/// <summary>Output row of the mask mappings.</summary>
internal sealed class MaskOutput
{
    [ColumnName(InternalColumns.Mask)]
    public MLImage? Mask { get; set; }
}
