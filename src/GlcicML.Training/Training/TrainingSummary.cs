namespace GlcicML.Training.Training;

/// <summary>What a training run did.</summary>
/// <param name="Iterations">Iterations completed in total (over all sessions).</param>
/// <param name="IterationsThisRun">Iterations this run completed.</param>
/// <param name="Last">The last iteration's report, or null if none ran.</param>
/// <param name="ImagesPerSecond">Mean throughput of this run.</param>
/// <param name="DataWaitShare">Share of this run's time spent waiting for data.</param>
/// <param name="TensorCopyShare">Share of this run's time spent turning batches into tensors.</param>
/// <param name="SkippedImages">Unreadable images skipped (in total).</param>
/// <param name="Elapsed">Wall time of this run.</param>
/// <param name="Checkpoint">The checkpoint written last, if any.</param>
public sealed record TrainingSummary(
    long Iterations,
    long IterationsThisRun,
    TrainingProgress? Last,
    double ImagesPerSecond,
    double DataWaitShare,
    double TensorCopyShare,
    long SkippedImages,
    TimeSpan Elapsed,
    string? Checkpoint);
