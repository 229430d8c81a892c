namespace GlcicML.Training.Data;

/// <summary>Training images from a folder, in a new seeded order each epoch.</summary>
internal sealed class FolderImages : TrainingImages
{
    /// <summary>Decoded images are kept up to this many bytes: a small folder is decoded once, not every epoch.</summary>
    internal const long DecodedCacheBytes = 512L << 20;

    private readonly string _root;
    private readonly IReadOnlyList<string> _files;
    private readonly Dictionary<string, RgbImage> _decoded = new(StringComparer.Ordinal);
    private long _decodedBytes;

    public FolderImages(string folder)
    {
        _root = Path.GetFullPath(folder);
        _files = ImageFiles.Find(folder);
        if (_files.Count == 0)
        {
            throw new InvalidOperationException($"No training images in '{_root}': expected .png, .jpg or .jpeg files (searched recursively).");
        }
    }

    public override string Description => $"{_files.Count} image files under {_root}";

    internal override IEnumerable<SourceImage> Read(SourcePosition start, int seed, Action<string, string> skipped, CancellationToken cancellationToken)
    {
        for (long epoch = start.Epoch; ; epoch++)
        {
            int[] order = EpochOrder(_files.Count, seed, epoch);
            int read = 0;
            for (long index = epoch == start.Epoch ? start.Index : 0; index < order.Length; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string relative = _files[order[index]];
                RgbImage image;
                try
                {
                    image = Load(relative);
                }
                catch (ImageLoadException e)
                {
                    skipped(relative, $"{e.Reason}: {e.Message}");
                    continue;
                }

                read++;
                yield return new SourceImage(image, relative, new SourcePosition(epoch, index + 1));
            }

            if (read == 0 && (epoch != start.Epoch || start.Index == 0))
            {
                throw new InvalidOperationException($"None of the {_files.Count} image files under '{_root}' could be read; see the skipped-file reports.");
            }
        }
    }

    /// <summary>
    /// The decoded image, from the cache when it is there. Decoding a photo costs as much CPU as a fifth of a small
    /// training step, and the data thread shares the cores with libtorch. RgbImage is immutable, so sharing is safe.
    /// </summary>
    private RgbImage Load(string relative)
    {
        lock (_decoded)
        {
            if (_decoded.TryGetValue(relative, out RgbImage? cached))
            {
                return cached;
            }
        }

        RgbImage image = RgbImage.Load(Path.Combine(_root, relative));
        long bytes = (long)image.Width * image.Height * 3;
        lock (_decoded)
        {
            if (_decodedBytes + bytes <= DecodedCacheBytes && _decoded.TryAdd(relative, image))
            {
                _decodedBytes += bytes;
            }
        }

        return image;
    }
}
