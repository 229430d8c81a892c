using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace GlcicML.Batch;

/// <summary>
/// One of <see cref="Count"/> disjoint parts of a dataset, for running a job on many machines: an input belongs to
/// shard <c>XxHash64(relative path) mod Count</c>, so N processes given shards 0/N … (N−1)/N cover every input
/// exactly once, whatever machine, order or file system they list the inputs on.
/// </summary>
/// <param name="Index">This shard, 0 ≤ Index &lt; Count (Kubernetes' JOB_COMPLETION_INDEX counts the same way).</param>
/// <param name="Count">How many shards the dataset is split into.</param>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The whole dataset.</summary>
    public static Shard All { get; } = new(0, 1);

    /// <summary>Whether this shard covers the input with this relative path ('/' separators, as <see cref="ImageInput"/> has it).</summary>
    public bool Contains(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (Count == 1)
        {
            return true;
        }

        ulong hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(relativePath.Replace('\\', '/')));
        return (int)(hash % (ulong)Count) == Index;
    }

    /// <summary>Parses <c>i/N</c> (e.g. <c>3/8</c>), with 0 ≤ i &lt; N.</summary>
    /// <exception cref="FormatException">The text is not of that form, or i is out of range.</exception>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            || count < 1 || index >= count)
        {
            throw new FormatException($"Shard '{text}' is not of the form i/N with 0 <= i < N (e.g. 0/4 ... 3/4).");
        }

        return new Shard(index, count);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
