namespace GlcicML.Batch;

/// <summary>What a batch inpainting run reads, writes and does (see <see cref="BatchInpainting"/>).</summary>
public sealed record BatchInpaintingOptions
{
    /// <summary>An image file, or a folder searched recursively for PNG/JPEG files.</summary>
    public required string Input { get; init; }

    /// <summary>The output folder; outputs mirror the input tree as PNG files.</summary>
    public required string Output { get; init; }

    /// <summary>Where masks come from.</summary>
    public required MaskSource Masks { get; init; }

    /// <summary>Post-processing applied to each completed image, or null (the default) for the network's composite.</summary>
    public PostProcessingOptions? PostProcessing { get; init; }

    /// <summary>The part of the inputs this process handles. The default is all of them.</summary>
    public Shard Shard { get; init; } = Shard.All;

    /// <summary>Decoding limits (pixel budget). The default allows 100 megapixels.</summary>
    public ImageReadOptions ReadOptions { get; init; } = ImageReadOptions.Default;

    /// <summary>Process every input even when its output is already complete. The default (false) resumes: complete outputs are kept.</summary>
    public bool Redo { get; init; }

    /// <summary>Threads decoding images and reading masks. The default is half the cores (at least one).</summary>
    public int DecodeThreads { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Threads post-processing and encoding outputs. The default is half the cores (at least one).</summary>
    public int WriteThreads { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Input);
        ArgumentException.ThrowIfNullOrEmpty(Output);
        ArgumentNullException.ThrowIfNull(Masks);
        ArgumentNullException.ThrowIfNull(ReadOptions);
        ArgumentOutOfRangeException.ThrowIfLessThan(DecodeThreads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(WriteThreads, 1);
        if (Shard.Count < 1 || Shard.Index < 0 || Shard.Index >= Shard.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(Shard), Shard.ToString(), "A shard is i/N with 0 <= i < N.");
        }

        PostProcessing?.Validate();
        RequireCreatableFolder(Output);
    }

    /// <summary>Refuses an output path that is a file, or lies under one, before any work (not at the first write).</summary>
    private static void RequireCreatableFolder(string output)
    {
        for (string? path = Path.GetFullPath(output); path is not null; path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path))
            {
                throw new ArgumentException(path == Path.GetFullPath(output)
                    ? $"The output '{output}' is a file; give a folder (the outputs mirror the input's folder tree)."
                    : $"The output folder '{output}' cannot be created: '{path}' is a file. Give a folder path.");
            }

            if (Directory.Exists(path))
            {
                return;
            }
        }
    }
}
