namespace GlcicML.Filling;

/// <summary>What the holes hold when the completion network sees them; a model records its own in its metadata.</summary>
public enum HolePrefill
{
    /// <summary>The training set's mean colour (the paper's): the network paints the whole hole.</summary>
    MeanColor,

    /// <summary>
    /// Fast marching (Telea, radius <see cref="NetworkInput.FastMarchingRadius"/>): the network adds a correction to
    /// it (its output is the prefill plus a residual), so an untrained network reproduces fast marching exactly and
    /// training only has to learn what fast marching gets wrong. Needs at least one known pixel per image.
    /// </summary>
    FastMarching,
}
