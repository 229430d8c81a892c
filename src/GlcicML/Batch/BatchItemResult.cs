namespace GlcicML.Batch;

/// <summary>What a batch run did with one input.</summary>
public enum BatchItemStatus
{
    /// <summary>The output was written.</summary>
    Written,

    /// <summary>A complete output was already there (from an earlier run), so the input was not processed again.</summary>
    AlreadyComplete,

    /// <summary>The input was skipped; see <see cref="BatchItemResult.Failure"/>.</summary>
    Failed,
}

/// <summary>One input's outcome, reported as it happens.</summary>
/// <param name="Input">The input.</param>
/// <param name="Status">What happened.</param>
/// <param name="OutputPath">The output file (null when the input had no valid output path).</param>
/// <param name="Failure">Why it was skipped, when <paramref name="Status"/> is <see cref="BatchItemStatus.Failed"/>.</param>
/// <param name="Warning">Something the output does not have that was asked for (e.g. post-processing skipped), or null.</param>
public sealed record BatchItemResult(ImageInput Input, BatchItemStatus Status, string? OutputPath, BatchFailure? Failure = null, string? Warning = null);
