
namespace GlcicML.Transforms;

/// <summary>
/// Base of GlcicML's fitted transformers. Each runs as, and is saved as, a chain of stock ML.NET transformers plus
/// GlcicML mappings, so <c>mlContext.Model.Save</c> and <c>Load</c> work in a fresh context with public API only.
/// After loading, the model is that stock chain; it computes exactly the same outputs.
/// </summary>
public abstract class GlcicTransformer : ITransformer
{
    private readonly ITransformer _inner;

    private protected GlcicTransformer(ITransformer inner)
    {
        _inner = inner;
    }

    /// <summary>The saved form: a chain of stock ML.NET transformers and GlcicML mappings.</summary>
    private protected ITransformer Inner => _inner;

    /// <inheritdoc />
    public bool IsRowToRowMapper => _inner.IsRowToRowMapper;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckInput(inputSchema);
        return _inner.GetOutputSchema(inputSchema);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        CheckInput(inputSchema);
        return _inner.GetRowToRowMapper(inputSchema);
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input.Schema);
        return TransformCore(input);
    }

    /// <summary>Runs the transform; by default the saved chain itself. A subclass may return a faster view with the same output.</summary>
    private protected virtual IDataView TransformCore(IDataView input) => _inner.Transform(input);

    /// <inheritdoc />
    void ICanSaveModel.Save(ModelSaveContext ctx) => _inner.Save(ctx);

    /// <summary>Throws a clear error when an input column is missing or has the wrong type.</summary>
    private protected abstract void CheckInput(DataViewSchema inputSchema);
}

/// <summary>A GlcicML transformer fitted from an estimator's settings, which it keeps and checks its input against.</summary>
/// <typeparam name="TOptions">The estimator's options record.</typeparam>
public abstract class GlcicTransformer<TOptions> : GlcicTransformer
    where TOptions : class
{
    private readonly Action<DataViewSchema, TOptions> _checkColumns;

    private protected GlcicTransformer(TOptions settings, ITransformer inner, Action<DataViewSchema, TOptions> checkColumns)
        : base(inner)
    {
        Settings = settings;
        _checkColumns = checkColumns;
    }

    /// <summary>The settings it was fitted with.</summary>
    public TOptions Settings { get; }

    private protected sealed override void CheckInput(DataViewSchema inputSchema) => _checkColumns(inputSchema, Settings);
}

/// <summary>
/// Base of GlcicML's estimators: the settings (validated and copied by the subclass, so later edits to the caller's
/// record reach no fitted transformer), the catalog the saved chain is built from, and the argument checks of
/// <see cref="GetOutputSchema"/> and <see cref="Fit"/>.
/// </summary>
/// <typeparam name="TTransformer">The fitted transformer.</typeparam>
/// <typeparam name="TOptions">The options record.</typeparam>
public abstract class GlcicEstimator<TTransformer, TOptions> : IEstimator<TTransformer>
    where TTransformer : class, ITransformer
    where TOptions : class
{
    private protected GlcicEstimator(TransformsCatalog catalog, TOptions settings)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        Catalog = catalog;
        Settings = settings;
    }

    /// <summary>The settings.</summary>
    public TOptions Settings { get; }

    private protected TransformsCatalog Catalog { get; }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return OutputSchema(inputSchema);
    }

    /// <inheritdoc />
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return FitCore(input);
    }

    private protected abstract SchemaShape OutputSchema(SchemaShape inputSchema);

    private protected abstract TTransformer FitCore(IDataView input);
}
