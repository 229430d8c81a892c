namespace GlcicML.Training.Training;

/// <summary>The three phases of Algorithm 1.</summary>
public enum TrainingPhase
{
    /// <summary>t &lt; T_C: the completion network alone, on the weighted MSE (Eq. 2).</summary>
    Completion,

    /// <summary>T_C ≤ t &lt; T_C + T_D: the discriminators alone, completion network fixed.</summary>
    Discriminator,

    /// <summary>t ≥ T_C + T_D: both, the completion network on MSE + α × adversarial loss (Eq. 4).</summary>
    Joint,
}
