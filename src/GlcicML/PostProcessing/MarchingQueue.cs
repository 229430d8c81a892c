using System.Buffers;

namespace GlcicML.PostProcessing;

/// <summary>
/// The fast-marching front: points popped in order of arrival time T, and in insertion order among equal T, as
/// OpenCV's sorted list does (so results match it and do not depend on heap internals).
/// </summary>
/// <remarks>
/// A bucket queue: T is cut into slices of 1/256, each slice a short list kept sorted by inserting from its back.
/// A newly reached point's T is at most one more than the point just popped, so pushes land in a handful of slices
/// just ahead of the front and cost a step or two, where a binary heap costs a logarithm of the front's length and a
/// single sorted list (OpenCV's) degrades when several holes' fronts interleave. Each point is queued at most once,
/// so the links live in pooled arrays indexed by the point itself.
/// </remarks>
internal sealed class MarchingQueue : IDisposable
{
    private const int SlicesPerUnit = 256;
    private const int None = -1;

    private readonly int[] _next;
    private readonly int[] _previous;
    private readonly float[] _time;
    private readonly int[] _first;
    private readonly int[] _last;
    private readonly int _slices;
    private int _lowest;
    private int _count;
    private int _cleared; // slices below this are initialised (the pooled arrays are cleared as the front reaches them)

    /// <param name="capacity">One more than the largest point index that will be pushed.</param>
    /// <param name="maxTime">The largest arrival time expected (larger ones share the last slice, still in order).</param>
    public MarchingQueue(int capacity, float maxTime)
    {
        _next = ArrayPool<int>.Shared.Rent(capacity);
        _previous = ArrayPool<int>.Shared.Rent(capacity);
        _time = ArrayPool<float>.Shared.Rent(capacity);
        _slices = (int)Math.Min(int.MaxValue / 2, (maxTime * SlicesPerUnit) + 2);
        _first = ArrayPool<int>.Shared.Rent(_slices);
        _last = ArrayPool<int>.Shared.Rent(_slices);
    }

    public int Count => _count;

    /// <summary>Adds the point at flat index <paramref name="index"/> (not already queued) with arrival time <paramref name="t"/>.</summary>
    public void Push(int index, float t)
    {
        int slice = Slice(t);
        if (slice >= _cleared)
        {
            int end = Math.Min(_slices, Math.Max(slice + 1, _cleared + 1024));
            Array.Fill(_first, None, _cleared, end - _cleared);
            Array.Fill(_last, None, _cleared, end - _cleared);
            _cleared = end;
        }

        int after = _last[slice];
        while (after != None && _time[after] > t)
        {
            after = _previous[after];
        }

        int before = after == None ? _first[slice] : _next[after];
        _time[index] = t;
        _previous[index] = after;
        _next[index] = before;
        if (after == None)
        {
            _first[slice] = index;
        }
        else
        {
            _next[after] = index;
        }

        if (before == None)
        {
            _last[slice] = index;
        }
        else
        {
            _previous[before] = index;
        }

        _lowest = _count == 0 ? slice : Math.Min(_lowest, slice);
        _count++;
    }

    public bool TryPop(out int index)
    {
        if (_count == 0)
        {
            index = 0;
            return false;
        }

        while (_first[_lowest] == None)
        {
            _lowest++;
        }

        index = _first[_lowest];
        int following = _next[index];
        _first[_lowest] = following;
        if (following == None)
        {
            _last[_lowest] = None;
        }
        else
        {
            _previous[following] = None;
        }

        _count--;
        return true;
    }

    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(_next);
        ArrayPool<int>.Shared.Return(_previous);
        ArrayPool<float>.Shared.Return(_time);
        ArrayPool<int>.Shared.Return(_first);
        ArrayPool<int>.Shared.Return(_last);
    }

    private int Slice(float t) => t <= 0 ? 0 : t >= (_slices - 1) / (float)SlicesPerUnit ? _slices - 1 : (int)(t * SlicesPerUnit);
}
