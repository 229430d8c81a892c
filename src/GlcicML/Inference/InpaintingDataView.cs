namespace GlcicML.Inference;

/// <summary>
/// The runtime form of <see cref="InpaintingTransformer"/>: same schema and same pixels as the saved row-by-row
/// chain, but consecutive rows of equal size go through the network together. A lead cursor reads ahead and fills a
/// batch; a lag cursor over the saved chain serves every other column, so only the inpainted column is batched.
/// Cursors are sequential (CanShuffle is false); each owns its buffers and shares the thread-safe session.
/// </summary>
internal sealed class InpaintingDataView(IDataView input, IDataView persisted, InpaintingTransformer parent) : IDataView
{
    public DataViewSchema Schema => persisted.Schema;

    public bool CanShuffle => false;

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        List<DataViewSchema.Column> needed = [.. columnsNeeded];
        int output = Schema[parent.OutputColumnName].Index;
        if (needed.All(c => c.Index != output))
        {
            return persisted.GetRowCursor(needed);
        }

        DataViewRowCursor lag = persisted.GetRowCursor(needed.Where(c => c.Index != output));
        DataViewSchema.Column image = input.Schema[parent.ImageColumnName], mask = input.Schema[parent.MaskColumnName];
        DataViewRowCursor lead = input.GetRowCursor([image, mask]);
        return new Cursor(this, lag, lead, lead.GetGetter<MLImage?>(image), lead.GetGetter<MLImage?>(mask), output, parent);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(
        InpaintingDataView view,
        DataViewRowCursor lag,
        DataViewRowCursor lead,
        ValueGetter<MLImage?> imageGetter,
        ValueGetter<MLImage?> maskGetter,
        int outputIndex,
        InpaintingTransformer parent) : DataViewRowCursor
    {
        private readonly Queue<MLImage?> _ready = new();
        private Row? _pending;
        private MLImage? _current;
        private long _position = -1;
        private bool _disposed;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => column.Index == outputIndex || lag.IsColumnActive(column);

        public override bool MoveNext()
        {
            if (_disposed || !lag.MoveNext())
            {
                return false;
            }

            _position++;
            if (_ready.Count == 0)
            {
                FillBatch();
            }

            _current = _ready.Dequeue();
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != outputIndex)
            {
                return lag.GetGetter<TValue>(column);
            }

            if (typeof(TValue) != typeof(MLImage))
            {
                throw new InvalidOperationException($"Column '{column.Name}' holds MLImage values, not {typeof(TValue).Name}.");
            }

            return (ref TValue value) => value = (TValue)(object)_current!;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => lag.GetIdGetter();

        protected override void Dispose(bool disposing)
        {
            if (!_disposed && disposing)
            {
                lag.Dispose();
                lead.Dispose();
            }

            _disposed = true;
            base.Dispose(disposing);
        }

        /// <summary>Reads rows ahead until the batch is full or the image size changes, runs them, queues the results.</summary>
        private void FillBatch()
        {
            var rows = new List<Row>();
            while (rows.Count < parent.Settings.Inpainter.BatchSize)
            {
                Row? row = _pending ?? ReadLead();
                _pending = null;
                if (row is null)
                {
                    break;
                }

                Row? first = rows.FirstOrDefault(r => r.NeedsNetwork);
                if (row.NeedsNetwork && first is not null && (first.Image!.Width != row.Image!.Width || first.Image.Height != row.Image.Height))
                {
                    _pending = row;
                    break;
                }

                rows.Add(row);
            }

            List<Row> network = [.. rows.Where(r => r.NeedsNetwork)];
            var completed = new MLImage?[network.Count];
            if (network.Count > 0)
            {
                // The same batch method as GlcicInpainter.Inpaint and batch scoring: pooled input, output read in place.
                parent.Inpainter.RunBatch([.. network.Select(r => r.Image!)], [.. network.Select(r => r.Mask!)],
                    (b, output) => completed[b] = InpaintingTensors.Composite(network[b].Original!, network[b].Mask!, output));
            }

            int next = 0;
            foreach (Row row in rows)
            {
                // Missing rows stay missing; rows with an empty mask skip the network (compositing with no holes returns the input's bytes).
                _ready.Enqueue(row.Original is null ? null : row.NeedsNetwork ? completed[next++] : InpaintingTensors.Composite(row.Original, row.Mask!, []));
            }
        }

        private Row? ReadLead()
        {
            if (!lead.MoveNext())
            {
                return null;
            }

            MLImage? image = null, mask = null;
            imageGetter(ref image);
            maskGetter(ref mask);
            if (image is null || mask is null)
            {
                return new Row(null, null, null);
            }

            // Copied now: the upstream getter may dispose these images when the lead cursor moves on.
            var state = new InpaintingState(parent.Inpainter.Mean, parent.Settings.Inpainter.Padding, parent.Settings.Inpainter.MaxPixels, parent.Inpainter.ModelInfo.Prefill);
            (RgbImage rgb, InpaintingMask holes) = InpaintPrepareMapping.Read(image, mask, state);
            return new Row(ImagePixels.Copy(image), rgb, holes);
        }

        private sealed record Row(ImagePixels? Original, RgbImage? Image, InpaintingMask? Mask)
        {
            public bool NeedsNetwork => Mask is { IsEmpty: false };
        }
    }
}
