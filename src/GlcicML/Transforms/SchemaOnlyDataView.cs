namespace GlcicML.Transforms;

/// <summary>
/// A data view with a schema and no rows: enough to fit transforms that only look at column types (every GlcicML
/// inference part), e.g. to bind a freshly trained model to the scoring data's columns before any such data exists.
/// </summary>
internal sealed class SchemaOnlyDataView(DataViewSchema schema) : IDataView
{
    public DataViewSchema Schema => schema;

    public bool CanShuffle => true;

    public long? GetRowCount() => 0;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new EmptyCursor(schema);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new EmptyCursor(schema)];

    /// <summary>A view with the given image column and a mask column of the same type.</summary>
    public static SchemaOnlyDataView ImageAndMask(string imageColumnName, DataViewType imageType, string maskColumnName)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(imageColumnName, imageType);
        builder.AddColumn(maskColumnName, imageType);
        return new SchemaOnlyDataView(builder.ToSchema());
    }

    private sealed class EmptyCursor(DataViewSchema schema) : DataViewRowCursor
    {
        public override DataViewSchema Schema => schema;

        public override long Position => -1;

        public override long Batch => 0;

        public override bool MoveNext() => false;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            (ref TValue _) => throw new InvalidOperationException("The view has no rows.");

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId _) => throw new InvalidOperationException("The view has no rows.");
    }
}
