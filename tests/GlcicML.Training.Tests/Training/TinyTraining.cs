using GlcicML.Training.Training;

namespace GlcicML.Training.Tests.Training;

/// <summary>The tiny configuration the tests train with: width 1/8, 32-px crops, 8–16-px holes, a 16-px local patch.</summary>
internal static class TinyTraining
{
    public static GlcicTrainingOptions Options(long completion, long discriminator, long total, int batch = 4, int seed = 1) => new()
    {
        CropSize = 32,
        MinResize = 32,
        MaxResize = 40,
        MinHoleSize = 8,
        MaxHoleSize = 16,
        LocalPatchSize = 16,
        WidthMultiplier = 0.125,
        BatchSize = batch,
        CompletionIterations = completion,
        DiscriminatorIterations = discriminator,
        TotalIterations = total,
        CheckpointEvery = 0,
        MeanSampleSize = 16,
        Seed = seed,
        Threads = 2,
    };
}
