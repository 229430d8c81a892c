using Microsoft.ML.Transforms.Image;

namespace GlcicML.Transforms.Persistence;

/// <summary>
/// Builds a transform out of stock ML.NET parts that <c>mlContext.Model.Save/Load</c> can persist with public API:
/// an anchor column, state constants (Expression literals), copies of the user's columns to fixed internal names,
/// a GlcicML <see cref="CustomMappingFactory{TSrc, TDst}"/> registered by contract name, copies back to the user's
/// names, and a final drop of every internal column.
/// </summary>
internal sealed class PersistableChain(TransformsCatalog catalog)
{
    private readonly List<IEstimator<ITransformer>> _steps = [];
    private readonly List<string> _internalColumns = [];

    /// <summary>Adds a string constant column holding <paramref name="value"/> on every row.</summary>
    public PersistableChain Constant(string column, string value)
    {
        if (value.Contains('"', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException("State constants must not contain quotes or backslashes.", nameof(value));
        }

        if (!_internalColumns.Contains(InternalColumns.Anchor))
        {
            _steps.Add(catalog.CustomMapping(new StateAnchorMapping().GetMapping(), StateAnchorMapping.Contract));
            _internalColumns.Add(InternalColumns.Anchor);
        }

        _steps.Add(catalog.Expression(column, $"x => \"{value}\"", InternalColumns.Anchor));
        _internalColumns.Add(column);
        return this;
    }

    /// <summary>Copies a user column to an internal name.</summary>
    public PersistableChain CopyIn(string internalColumn, string userColumn)
    {
        _steps.Add(catalog.CopyColumns(internalColumn, userColumn));
        _internalColumns.Add(internalColumn);
        return this;
    }

    /// <summary>
    /// Copies a user image column to an internal name. A known-size column goes through ExtractPixels and
    /// <see cref="PixelsToImageMapping"/>, so the mappings downstream always see images of unknown size.
    /// </summary>
    public PersistableChain CopyImageIn(string internalColumn, string userColumn, DataViewType columnType)
    {
        if (columnType is not ImageDataViewType { Height: > 0, Width: > 0 } sized)
        {
            return CopyIn(internalColumn, userColumn);
        }

        _steps.Add(catalog.ExtractPixels(
            InternalColumns.SizedPixels,
            userColumn,
            ImagePixelExtractingEstimator.ColorBits.All,
            ImagePixelExtractingEstimator.ColorsOrder.ARGB,
            interleavePixelColors: true,
            outputAsFloatArray: false));
        _internalColumns.Add(InternalColumns.SizedPixels);
        Constant(InternalColumns.SizedShape, PixelsToImageMapping.Shape(sized.Width, sized.Height));
        Map(new PixelsToImageMapping(), PixelsToImageMapping.Contract, InternalColumns.Unsized);
        return CopyIn(internalColumn, InternalColumns.Unsized);
    }

    /// <summary>Adds a GlcicML mapping whose outputs are the given internal columns.</summary>
    public PersistableChain Map<TSrc, TDst>(CustomMappingFactory<TSrc, TDst> factory, string contract, params string[] outputColumns)
        where TSrc : class, new()
        where TDst : class, new()
    {
        ImageTypeRegistration.Ensure();
        _steps.Add(catalog.CustomMapping(factory.GetMapping(), contract));
        _internalColumns.AddRange(outputColumns);
        return this;
    }

    /// <summary>
    /// Gives an internal image column the known size of <paramref name="like"/>'s type when it has one. A mapping can
    /// only output images of unknown size; a same-size nearest-neighbour resize (a plain copy) restores the sized
    /// type, so ExtractPixels and other size-bound transforms can follow.
    /// </summary>
    public PersistableChain KeepImageSize(string internalColumn, DataViewType like)
    {
        if (like is ImageDataViewType { Height: > 0, Width: > 0 } sized)
        {
            _steps.Add(catalog.ResizeImages(internalColumn, sized.Width, sized.Height, internalColumn, ImageResizingEstimator.ResizingKind.Fill));
        }

        return this;
    }

    /// <summary>Adds a stock ML.NET estimator whose outputs are the given internal columns.</summary>
    public PersistableChain Add(IEstimator<ITransformer> step, params string[] outputColumns)
    {
        _steps.Add(step);
        _internalColumns.AddRange(outputColumns);
        return this;
    }

    /// <summary>Copies an internal column to the user's output name.</summary>
    public PersistableChain CopyOut(string userColumn, string internalColumn)
    {
        _steps.Add(catalog.CopyColumns(userColumn, internalColumn));
        return this;
    }

    /// <summary>
    /// Fits the parts one after another. Not through <c>EstimatorChain</c>: its schema pre-check compares image types
    /// by reference and rejects the image columns <c>LoadImages</c> produces.
    /// </summary>
    public TransformerChain<ITransformer> Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var steps = new List<IEstimator<ITransformer>>(_steps) { catalog.DropColumns([.. _internalColumns.Distinct()]) };
        var fitted = new List<ITransformer>(steps.Count);
        IDataView current = input;
        foreach (IEstimator<ITransformer> step in steps)
        {
            ITransformer transformer = step.Fit(current);
            fitted.Add(transformer);
            current = transformer.Transform(current);
        }

        return new TransformerChain<ITransformer>([.. fitted]);
    }
}
