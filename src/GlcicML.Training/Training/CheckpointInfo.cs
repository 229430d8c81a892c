using GlcicML.Training.Data;

namespace GlcicML.Training.Training;

/// <summary>What a checkpoint records besides the weights: enough to continue exactly, or to export the model.</summary>
/// <param name="FormatVersion">Checkpoint format; 1.</param>
/// <param name="Options">The training options (architecture, schedule, data handling).</param>
/// <param name="Iteration">Iterations completed.</param>
/// <param name="Mean">The dataset mean used for the fill (needed again at inference).</param>
/// <param name="Position">Where the image stream continues.</param>
/// <param name="NextSample">The running sample index (fixes crops and holes of the next samples).</param>
/// <param name="SkippedImages">Unreadable images skipped so far.</param>
/// <param name="TrainingSeconds">Wall time spent training so far, over all sessions.</param>
/// <param name="TorchRngState">libtorch's random generator state, base64.</param>
/// <param name="Data">A description of the training images.</param>
/// <param name="CreatedUtc">When the checkpoint was written.</param>
public sealed record CheckpointInfo(
    int FormatVersion,
    GlcicTrainingOptions Options,
    long Iteration,
    MeanColor Mean,
    SourcePosition Position,
    long NextSample,
    long SkippedImages,
    double TrainingSeconds,
    string TorchRngState,
    string Data,
    DateTime CreatedUtc);
