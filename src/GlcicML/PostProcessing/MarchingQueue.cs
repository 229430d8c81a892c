namespace GlcicML.PostProcessing;

/// <summary>
/// The fast-marching front: points popped in order of arrival time T, and in insertion order among equal T (as
/// OpenCV's sorted list does), so results do not depend on heap internals.
/// </summary>
internal sealed class MarchingQueue
{
    private readonly PriorityQueue<(int Row, int Column), (float T, long Order)> _queue = new();
    private long _order;

    public int Count => _queue.Count;

    public void Push(int row, int column, float t) => _queue.Enqueue((row, column), (t, _order++));

    public bool TryPop(out int row, out int column)
    {
        if (_queue.TryDequeue(out (int Row, int Column) point, out _))
        {
            (row, column) = point;
            return true;
        }

        row = column = 0;
        return false;
    }
}
