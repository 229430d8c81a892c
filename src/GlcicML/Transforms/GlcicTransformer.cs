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
    where TOptions : ImageColumnOptions
{
    private readonly string _transformName;

    private protected GlcicTransformer(TOptions settings, ITransformer inner, string transformName)
        : base(inner)
    {
        Settings = settings;
        _transformName = transformName;
    }

    /// <summary>The settings it was fitted with.</summary>
    public TOptions Settings { get; }

    private protected sealed override void CheckInput(DataViewSchema inputSchema) => Settings.RequireColumns(inputSchema, _transformName);
}

/// <summary>
/// Base of GlcicML's estimators: the settings (validated here, copied by the subclass so later edits to the caller's
/// record reach no fitted transformer), the catalog the saved chain is built from, and the checks of
/// <see cref="GetOutputSchema"/> and <see cref="Fit"/>.
/// </summary>
/// <typeparam name="TTransformer">The fitted transformer.</typeparam>
/// <typeparam name="TOptions">The options record.</typeparam>
public abstract class GlcicEstimator<TTransformer, TOptions> : IEstimator<TTransformer>
    where TTransformer : class, ITransformer
    where TOptions : ImageColumnOptions
{
    /// <param name="catalog">Where the saved chain's stock transforms come from.</param>
    /// <param name="transformName">The operation's name in error messages (its catalog method's).</param>
    /// <param name="settings">A copy of the caller's options.</param>
    private protected GlcicEstimator(TransformsCatalog catalog, string transformName, TOptions settings)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Catalog = catalog;
        TransformName = transformName;
        Settings = settings;
    }

    /// <summary>The settings.</summary>
    public TOptions Settings { get; }

    private protected TransformsCatalog Catalog { get; }

    private protected string TransformName { get; }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        Settings.RequireColumns(inputSchema, TransformName);
        return OutputSchema(inputSchema);
    }

    /// <inheritdoc />
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Settings.RequireColumns(input.Schema, TransformName);
        return FitCore(input);
    }

    /// <summary>The output schema of input whose columns were checked: by default the input plus an image column shaped like the image column.</summary>
    private protected virtual SchemaShape OutputSchema(SchemaShape inputSchema) =>
        Catalog.CopyColumns(Settings.OutputColumnName, Settings.ImageColumnName).GetOutputSchema(inputSchema);

    /// <summary>
    /// The saved chain's opening: the settings <paramref name="state"/> as a constant column, then the user's image
    /// (and mask) columns copied to the mappings' fixed names.
    /// </summary>
    private protected PersistableChain OpenChain<TState>(IDataView input, TState state)
    {
        var chain = new PersistableChain(Catalog)
            .Constant(InternalColumns.State, TransformState.Write(state))
            .CopyImageIn(InternalColumns.Image, Settings.ImageColumnName, input.Schema[Settings.ImageColumnName].Type);
        return Settings is ImageMaskColumnOptions masked
            ? chain.CopyImageIn(InternalColumns.Mask, masked.MaskColumnName, input.Schema[masked.MaskColumnName].Type)
            : chain;
    }

    /// <summary>Fits to input whose columns were checked.</summary>
    private protected abstract TTransformer FitCore(IDataView input);
}
