namespace GlcicML.Transforms;

/// <summary>
/// The columns an image operation reads and adds: the base of each GlcicML estimator's <c>Options</c>, which sets
/// its own default names.
/// </summary>
public abstract record ImageColumnOptions
{
    private protected ImageColumnOptions(string outputColumnName, string imageColumnName)
    {
        OutputColumnName = outputColumnName;
        ImageColumnName = imageColumnName;
    }

    /// <summary>Name of the column to add.</summary>
    public string OutputColumnName { get; init; }

    /// <summary>Name of the image column (MLImage) to read.</summary>
    public string ImageColumnName { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    internal virtual void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(OutputColumnName);
        ArgumentException.ThrowIfNullOrEmpty(ImageColumnName);
    }

    /// <summary>Throws a clear error, naming <paramref name="transform"/>, when an input column is missing or of the wrong type.</summary>
    internal virtual void RequireColumns(SchemaShape schema, string transform) => ColumnChecks.RequireImage(schema, ImageColumnName, transform);

    /// <inheritdoc cref="RequireColumns(SchemaShape, string)"/>
    internal virtual void RequireColumns(DataViewSchema schema, string transform) => ColumnChecks.RequireImage(schema, ImageColumnName, transform);
}

/// <summary>The columns of an operation on images and their hole masks.</summary>
public abstract record ImageMaskColumnOptions : ImageColumnOptions
{
    private protected ImageMaskColumnOptions(string outputColumnName, string imageColumnName)
        : base(outputColumnName, imageColumnName)
    {
    }

    /// <summary>Name of the mask column (white = hole, the image's size; e.g. from GenerateInpaintingMasks). The default is "Mask".</summary>
    public string MaskColumnName { get; init; } = "Mask";

    /// <inheritdoc />
    internal override void Validate()
    {
        base.Validate();
        ArgumentException.ThrowIfNullOrEmpty(MaskColumnName);
    }

    /// <inheritdoc />
    internal override void RequireColumns(SchemaShape schema, string transform)
    {
        base.RequireColumns(schema, transform);
        ColumnChecks.RequireImage(schema, MaskColumnName, transform);
    }

    /// <inheritdoc />
    internal override void RequireColumns(DataViewSchema schema, string transform)
    {
        base.RequireColumns(schema, transform);
        ColumnChecks.RequireImage(schema, MaskColumnName, transform);
    }
}
