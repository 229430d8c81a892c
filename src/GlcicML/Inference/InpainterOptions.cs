namespace GlcicML.Inference;

/// <summary>How a <see cref="GlcicInpainter"/> runs its model.</summary>
public sealed record InpainterOptions
{
    /// <summary>The defaults: CPU, all cores, batches of 8, the model's own mean, reflect padding.</summary>
    public static InpainterOptions Default { get; } = new();

    /// <summary>
    /// GPU to run on through ONNX Runtime's CUDA execution provider (needs the Microsoft.ML.OnnxRuntime.Gpu package,
    /// CUDA 13 and cuDNN 9); null (the default) runs on the CPU.
    /// </summary>
    public int? GpuDeviceId { get; init; }

    /// <summary>When the GPU cannot be used, run on the CPU instead (reported once through <see cref="Log"/>). The default is true; false makes it an error.</summary>
    public bool FallbackToCpu { get; init; } = true;

    /// <summary>CPU threads per inference; 0 (the default) lets ONNX Runtime use one per core.</summary>
    public int CpuThreads { get; init; }

    /// <summary>Images of equal size run together, up to this many. The default is 8. Results do not depend on it.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Fill colour; null (the default) uses the mean stored in the model's metadata.</summary>
    public MeanColor? Mean { get; init; }

    /// <summary>How images are padded to a multiple of 4. The default is <see cref="PaddingMode.Reflect"/>.</summary>
    public PaddingMode Padding { get; init; } = PaddingMode.Reflect;

    /// <summary>Largest image accepted, in pixels; larger ones are refused with an error before memory is allocated. The default is 25,000,000.</summary>
    public long MaxPixels { get; init; } = 25_000_000;

    /// <summary>Receives one-line messages (which device runs, a GPU fallback). Null (the default) sends them to <see cref="GlcicLogging"/>.</summary>
    public Action<string>? Log { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(CpuThreads, nameof(CpuThreads));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPixels, 1, nameof(MaxPixels));
        if (GpuDeviceId is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(GpuDeviceId), GpuDeviceId, "GPU device ids start at 0.");
        }

        Mean?.Validate();
    }
}
