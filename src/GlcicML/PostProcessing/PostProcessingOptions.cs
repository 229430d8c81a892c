namespace GlcicML.PostProcessing;

/// <summary>Which post-processing steps run (§3.5.1 of the paper: fast marching, then Poisson blending).</summary>
public sealed record PostProcessingOptions
{
    /// <summary>The authors' pipeline: fast marching with radius 1, then Poisson blending.</summary>
    public static PostProcessingOptions Default { get; } = new();

    /// <summary>Fast marching only (the background the blend would use).</summary>
    public static PostProcessingOptions TeleaOnly { get; } = new() { Blend = false };

    /// <summary>Run fast-marching inpainting of the holes. The default is true.</summary>
    public bool Telea { get; init; } = true;

    /// <summary>Fast-marching neighbourhood radius, 1–100. The default is 1, as the authors' code.</summary>
    public int TeleaRadius { get; init; } = 1;

    /// <summary>Poisson-blend the network's content into the fast-marching result (or, without it, into the image). The default is true.</summary>
    public bool Blend { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(TeleaRadius, 1, nameof(TeleaRadius));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TeleaRadius, 100, nameof(TeleaRadius));
    }
}
