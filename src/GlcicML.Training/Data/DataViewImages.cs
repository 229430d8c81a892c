using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace GlcicML.Training.Data;

/// <summary>
/// Training images from an ML.NET data view's image column. A view that can shuffle gets a fresh seeded random cursor
/// each epoch; one that cannot (e.g. LoadFromEnumerable) is read in order through a seeded shuffle buffer.
/// </summary>
internal sealed class DataViewImages : TrainingImages
{
    private readonly IDataView _data;
    private readonly DataViewSchema.Column _column;
    private readonly int _shuffleBuffer;

    public DataViewImages(IDataView data, string imageColumnName, int shuffleBuffer)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(shuffleBuffer, 1);
        DataViewSchema.Column? column = data.Schema.GetColumnOrNull(imageColumnName);
        if (column is null || column.Value.Type is not ImageDataViewType)
        {
            throw new ArgumentOutOfRangeException(nameof(imageColumnName),
                $"The training data needs an image column '{imageColumnName}' (MLImage, e.g. from LoadImages); the columns are: {string.Join(", ", data.Schema.Select(c => $"{c.Name} ({c.Type})"))}.");
        }

        _data = data;
        _column = column.Value;
        _shuffleBuffer = shuffleBuffer;
    }

    public override string Description => $"column '{_column.Name}' of an ML.NET data view ({(_data.CanShuffle ? "random cursor per epoch" : $"shuffle buffer of {_shuffleBuffer}")})";

    internal override IEnumerable<SourceImage> Read(SourcePosition start, int seed, Action<string, string> skipped, CancellationToken cancellationToken)
    {
        for (long epoch = start.Epoch; ; epoch++)
        {
            long skip = epoch == start.Epoch ? start.Index : 0;
            bool any = false;
            // The resume index counts rows for shuffled cursors (skipped unread) and delivered images for the buffer.
            IEnumerable<(RgbImage Image, string Name, long Next)> images = _data.CanShuffle
                ? ReadShuffled(seed, epoch, skip, skipped, cancellationToken)
                : Buffered(ReadInOrder(replayUntil: skip, skipped, cancellationToken), seed, epoch).Select((item, i) => (item.Item1, item.Item2, Next: (long)i + 1)).Skip((int)skip);
            foreach ((RgbImage image, string name, long next) in images)
            {
                any = true;
                yield return new SourceImage(image, name, new SourcePosition(epoch, next));
            }

            if (!any && skip == 0)
            {
                throw new InvalidOperationException($"Column '{_column.Name}' has no readable image: the data view is empty or every image failed to load.");
            }
        }
    }

    private IEnumerable<(RgbImage, string, long)> ReadShuffled(int seed, long epoch, long skip, Action<string, string> skipped, CancellationToken cancellationToken)
    {
        var random = new Random((int)(MaskRandom.Mix((ulong)(uint)seed, (ulong)epoch, 0xC0) & int.MaxValue));
        using DataViewRowCursor cursor = _data.GetRowCursor([_column], random);
        ValueGetter<MLImage?> getter = cursor.GetGetter<MLImage?>(_column);
        long row = 0;
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (row++ < skip)
            {
                continue; // the image is never loaded: getters are lazy
            }

            if (TryRead(getter, row, skipped, out RgbImage? image, out string name))
            {
                yield return (image!, name, row);
            }
        }
    }

    private IEnumerable<(RgbImage, string)> ReadInOrder(long replayUntil, Action<string, string> skipped, CancellationToken cancellationToken)
    {
        using DataViewRowCursor cursor = _data.GetRowCursor([_column]);
        ValueGetter<MLImage?> getter = cursor.GetGetter<MLImage?>(_column);
        long row = 0;
        while (cursor.MoveNext())
        {
            cancellationToken.ThrowIfCancellationRequested();
            row++;
            // While replaying up to a resume point, failures were reported by the earlier run already.
            Action<string, string> report = row > replayUntil ? skipped : static (_, _) => { };
            if (TryRead(getter, row, report, out RgbImage? image, out string name))
            {
                yield return (image!, name);
            }
        }
    }

    private IEnumerable<(RgbImage, string)> Buffered(IEnumerable<(RgbImage, string)> rows, int seed, long epoch)
    {
        var random = new MaskRandom(MaskRandom.Mix((ulong)(uint)seed, (ulong)epoch, 0xB0F));
        var buffer = new List<(RgbImage, string)>(_shuffleBuffer);
        foreach ((RgbImage, string) row in rows)
        {
            if (buffer.Count < _shuffleBuffer)
            {
                buffer.Add(row);
                continue;
            }

            int pick = random.NextInt(0, buffer.Count - 1);
            yield return buffer[pick];
            buffer[pick] = row;
        }

        while (buffer.Count > 0)
        {
            int pick = random.NextInt(0, buffer.Count - 1);
            yield return buffer[pick];
            buffer[pick] = buffer[^1];
            buffer.RemoveAt(buffer.Count - 1);
        }
    }

    private static bool TryRead(ValueGetter<MLImage?> getter, long row, Action<string, string> skipped, out RgbImage? image, out string name)
    {
        MLImage? value = null;
        name = $"row {row}";
        image = null;
        try
        {
            getter(ref value);
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException)
        {
            // LoadImages throws for missing and undecodable files; one bad file must not end training.
            skipped(name, e.Message);
            return false;
        }

        if (value is null)
        {
            skipped(name, "missing image (null)");
            return false;
        }

        name = string.IsNullOrEmpty(value.Tag) ? name : value.Tag;
        image = RgbImage.FromMLImage(value);
        return true;
    }
}
