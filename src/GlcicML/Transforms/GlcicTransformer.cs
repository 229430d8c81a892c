using Microsoft.ML;
using Microsoft.ML.Data;

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
