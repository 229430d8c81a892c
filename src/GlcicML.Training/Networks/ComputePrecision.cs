namespace GlcicML.Training.Networks;

/// <summary>The number format the convolutions compute in while training.</summary>
/// <remarks>
/// Weights, batch norm, the losses and the optimizer stay fp32 either way (fp32 master weights); evaluation, validation
/// and export always run fp32.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members name number formats.")]
public enum ComputePrecision
{
    /// <summary>fp32 throughout (the default).</summary>
    Float32,

    /// <summary>
    /// Training-mode convolutions compute in bfloat16 on bfloat16 weight copies, and the activations between them stay
    /// bfloat16 (batch norm keeps fp32 parameters and statistics); each network's output returns to fp32, and the
    /// gradients flow back through the casts to the fp32 weights. 1.3x fp32's speed on AMD Zen 5 (AVX512_BF16,
    /// docs/benchmarks.md); oneDNN emulates bfloat16, slower, on CPUs without it. On CUDA the same casts run through
    /// cuDNN (bfloat16 needs an Ampere or later GPU); that path was not exercised here (no GPU).
    /// </summary>
    BFloat16,
}
