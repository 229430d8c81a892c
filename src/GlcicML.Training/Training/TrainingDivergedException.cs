namespace GlcicML.Training.Training;

/// <summary>
/// A loss or a gradient became NaN or infinite. Training stopped before the optimizer stepped on it, so the weights in
/// memory and every checkpoint written so far hold the last finite state.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception with everything the user needs to decide what to do.</summary>
    public TrainingDivergedException(string quantity, double value, long iteration, TrainingPhase phase, IReadOnlyDictionary<string, double> losses, string? checkpoint, long? checkpointIteration, string advice)
        : base(Describe(quantity, value, iteration, phase, losses, checkpoint, checkpointIteration, advice))
    {
        Quantity = quantity;
        Iteration = iteration;
        Phase = phase;
        Losses = losses;
        Checkpoint = checkpoint;
        CheckpointIteration = checkpointIteration;
    }

    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException()
        : this("Training diverged.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public TrainingDivergedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What became non-finite, e.g. "completion MSE" or "completion network's gradients".</summary>
    public string Quantity { get; } = "";

    /// <summary>The iteration that failed (1-based, as logged).</summary>
    public long Iteration { get; }

    /// <summary>The phase of Algorithm 1 it was in.</summary>
    public TrainingPhase Phase { get; }

    /// <summary>The losses this iteration computed before it stopped, by name.</summary>
    public IReadOnlyDictionary<string, double> Losses { get; } = new Dictionary<string, double>();

    /// <summary>The latest checkpoint holding finite weights (written or resumed from in this session), or null when there is none.</summary>
    public string? Checkpoint { get; }

    /// <summary>The iteration <see cref="Checkpoint"/> holds.</summary>
    public long? CheckpointIteration { get; }

    private static string Describe(string quantity, double value, long iteration, TrainingPhase phase, IReadOnlyDictionary<string, double> losses, string? checkpoint, long? checkpointIteration, string advice)
    {
        string computed = losses.Count == 0 ? "" : $" Losses of that iteration: {string.Join(", ", losses.Select(l => $"{l.Key} {l.Value:G6}"))}.";
        string saved = checkpoint is null
            ? " No checkpoint has been written yet: a new run starts from scratch."
            : $" The checkpoint {checkpoint} (iteration {checkpointIteration}) holds finite weights.";
        return $"The {quantity} became {value} at iteration {iteration} ({phase} phase); the weights were not updated.{computed}{saved} {advice}";
    }
}
