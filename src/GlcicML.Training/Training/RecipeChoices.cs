namespace GlcicML.Training.Training;

/// <summary>The optimizer of both networks.</summary>
public enum TrainingOptimizer
{
    /// <summary>ADADELTA, as the paper trains (learning rate 1.0, ρ 0.9).</summary>
    Adadelta,

    /// <summary>Adam (learning rate 4e-4, β 0.9 / 0.999 by default), as public re-implementations train.</summary>
    Adam,
}

/// <summary>How the learning rate changes over a run.</summary>
public enum LearningRateSchedule
{
    /// <summary>The same throughout (the paper).</summary>
    Constant,

    /// <summary>A cosine decay from the learning rate to 1 % of it at the last iteration.</summary>
    Cosine,
}

/// <summary>The completion network's reconstruction loss.</summary>
public enum ReconstructionLoss
{
    /// <summary>The paper's Eq. 2: ‖M ⊙ (C(x, M) − x)‖² averaged over every element of the crop.</summary>
    CropMse,

    /// <summary>|C(x, M) − x| averaged over the hole pixels (and channels) only.</summary>
    HoleL1,

    /// <summary>(C(x, M) − x)² averaged over the hole pixels (and channels) only.</summary>
    HoleMse,
}

/// <summary>The shape of the training holes.</summary>
public enum TrainingHoleShape
{
    /// <summary>One rectangle per crop with sides in [MinHoleSize, MaxHoleSize] (the paper).</summary>
    Rectangles,

    /// <summary>Free-form brush strokes covering 5–35 % of the crop (<see cref="Masks.MaskGeneratorOptions.FreeFormStrokes"/>): the holes users paint.</summary>
    Strokes,

    /// <summary>Each crop a rectangle or strokes, with even odds.</summary>
    Mixed,
}
