namespace GlcicML.Training.Training;

/// <summary>
/// One iteration's report. Losses are the unscaled values (the adversarial loss without α); a loss a phase does not
/// compute is null.
/// </summary>
/// <param name="Iteration">Iterations completed (1-based after the first step).</param>
/// <param name="TotalIterations">T_train.</param>
/// <param name="Phase">The phase of the iteration just completed.</param>
/// <param name="CompletionMse">The completion network's reconstruction loss, as the recipe names it (the paper's weighted MSE of Eq. 2 by default; the training log's completion_mse column), phases 1 and 3.</param>
/// <param name="AdversarialLoss">The completion network's adversarial loss (binary cross-entropy against "real"), phase 3.</param>
/// <param name="DiscriminatorLoss">The discriminators' binary cross-entropy, mean of real and completed, phases 2 and 3.</param>
/// <param name="DiscriminatorAccuracy">Share of real and completed samples the discriminators classified right, phases 2 and 3.</param>
/// <param name="ImagesPerSecond">Training throughput of this iteration.</param>
/// <param name="DataWaitShare">Share of the iteration spent waiting for the data pipeline (0 when preparation keeps up).</param>
/// <param name="Elapsed">Wall time of this session so far.</param>
/// <param name="SkippedImages">Unreadable images skipped so far.</param>
/// <param name="TrainingTime">Wall time of the whole run so far, across resumes: the earlier processes' time as their last
/// checkpoint recorded it, plus this session's. The training log's elapsed_seconds.</param>
public readonly record struct TrainingProgress(
    long Iteration,
    long TotalIterations,
    TrainingPhase Phase,
    double? CompletionMse,
    double? AdversarialLoss,
    double? DiscriminatorLoss,
    double? DiscriminatorAccuracy,
    double ImagesPerSecond,
    double DataWaitShare,
    TimeSpan Elapsed,
    long SkippedImages,
    TimeSpan TrainingTime);
