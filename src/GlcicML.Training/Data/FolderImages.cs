using GlcicML.Imaging;

namespace GlcicML.Training.Data;

/// <summary>Training images from a folder, in a new seeded order each epoch.</summary>
internal sealed class FolderImages : TrainingImages
{
    private readonly string _root;
    private readonly IReadOnlyList<string> _files;

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
                    image = RgbImage.Load(Path.Combine(_root, relative));
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
}
