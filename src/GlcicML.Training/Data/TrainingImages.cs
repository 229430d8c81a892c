using Microsoft.ML;

namespace GlcicML.Training.Data;

/// <summary>
/// Where training images come from. Every source streams (the dataset is never held in memory), reshuffles each
/// epoch from the seed, and can restart at any <see cref="SourcePosition"/>, so a resumed run reads exactly the
/// images an uninterrupted one would have.
/// </summary>
public abstract class TrainingImages
{
    private protected TrainingImages()
    {
    }

    /// <summary>Every PNG/JPEG under a folder (recursively). Unreadable files are skipped and reported.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidOperationException">The folder holds no image files.</exception>
    public static TrainingImages FromFolder(string folder) => new FolderImages(folder);

    /// <summary>
    /// The images of an ML.NET data view's image column (e.g. after <c>LoadImages</c>), any size and count. Views
    /// that can shuffle are read with a new random cursor each epoch; others through a shuffle buffer of
    /// <paramref name="shuffleBuffer"/> images. Rows whose image is missing or fails to load are skipped and reported.
    /// </summary>
    public static TrainingImages FromDataView(IDataView data, string imageColumnName = "Image", int shuffleBuffer = 256) =>
        new DataViewImages(data, imageColumnName, shuffleBuffer);

    /// <summary>An endless stream of procedural scenes (<see cref="Scenes.SyntheticScene"/>) of the given size.</summary>
    public static TrainingImages Synthetic(int width = 480, int height = 384) => new SyntheticImages(width, height);

    /// <summary>A one-line description for logs.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// Reads images from <paramref name="start"/> on, epoch after epoch, forever (the caller stops). Images that
    /// cannot be read are passed to <paramref name="skipped"/> with the reason and left out.
    /// </summary>
    internal abstract IEnumerable<SourceImage> Read(SourcePosition start, int seed, Action<string, string> skipped, CancellationToken cancellationToken);

    /// <summary>The order of an epoch's items: a seeded Fisher–Yates shuffle, the same on every machine.</summary>
    private protected static int[] EpochOrder(int count, int seed, long epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        var random = new Masks.MaskRandom(Masks.MaskRandom.Mix((ulong)(uint)seed, (ulong)epoch, 0xE90C));
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.NextInt(0, i);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
