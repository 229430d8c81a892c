using Microsoft.ML.Transforms.Image;

namespace GlcicML.Transforms;

/// <summary>Checks input columns up front, with messages that name the column, what was found and what to do.</summary>
internal static class ColumnChecks
{
    private const string ImageKind = "an image column (MLImage, e.g. from LoadImages)", TextKind = "a text column";

    public static void RequireImage(SchemaShape schema, string column, string transform) =>
        Require(Find(schema, column), column, transform, schema.Select(c => c.Name), ImageKind, type => type is ImageDataViewType);

    public static void RequireImage(DataViewSchema schema, string column, string transform) =>
        Require(Find(schema, column), column, transform, schema.Select(c => c.Name), ImageKind, type => type is ImageDataViewType);

    public static void RequireText(SchemaShape schema, string column, string transform) =>
        Require(Find(schema, column), column, transform, schema.Select(c => c.Name), TextKind, type => type is TextDataViewType);

    public static void RequireText(DataViewSchema schema, string column, string transform) =>
        Require(Find(schema, column), column, transform, schema.Select(c => c.Name), TextKind, type => type is TextDataViewType);

    /// <summary>
    /// A row's mask, read from its mask image and checked to have the image's size; otherwise an error naming the
    /// transform, both sizes and the image (its file when LoadImages set the tag), followed by <paramref name="advice"/>.
    /// </summary>
    public static InpaintingMask MaskOf(MLImage image, MLImage maskImage, string transform, string advice)
    {
        var mask = InpaintingMask.FromMLImage(maskImage);
        if (mask.Width != image.Width || mask.Height != image.Height)
        {
            throw new InvalidOperationException(
                $"{transform}: the mask ({mask.Width}x{mask.Height}) does not match {Describe(image)}; a mask must have its image's size. {advice}");
        }

        return mask;
    }

    /// <summary>Names the image in row-level errors: its file path when ML.NET's LoadImages set the tag.</summary>
    public static string Describe(MLImage image) =>
        string.IsNullOrEmpty(image.Tag) ? $"an image of {image.Width}x{image.Height}" : $"image '{image.Tag}' ({image.Width}x{image.Height})";

    /// <summary>A column as the checks see it: found or not, and its type when it holds one value per row (else null).</summary>
    private readonly record struct Found(bool Exists, DataViewType? ScalarType, string Description);

    private static Found Find(SchemaShape schema, string column)
    {
        // SchemaShape.TryFindColumn is internal to ML.NET; the last column of a name wins, as in ML.NET.
        SchemaShape.Column? found = null;
        foreach (SchemaShape.Column candidate in schema)
        {
            if (candidate.Name == column)
            {
                found = candidate;
            }
        }

        return found is { } c
            ? new Found(true, c.Kind == SchemaShape.Column.VectorKind.Scalar ? c.ItemType : null, c.ItemType?.ToString() ?? "unknown")
            : new Found(false, null, string.Empty);
    }

    private static Found Find(DataViewSchema schema, string column) =>
        schema.GetColumnOrNull(column) is { } c ? new Found(true, c.Type, c.Type?.ToString() ?? "unknown") : new Found(false, null, string.Empty);

    private static void Require(Found found, string column, string transform, IEnumerable<string> available, string expected, Func<DataViewType, bool> isRight)
    {
        if (!found.Exists)
        {
            throw MissingColumn(column, transform, available);
        }

        if (found.ScalarType is null || !isRight(found.ScalarType))
        {
            throw WrongType(column, transform, expected, found.Description);
        }
    }

    private static ArgumentOutOfRangeException MissingColumn(string column, string transform, IEnumerable<string> available) =>
        new(nameof(column), $"{transform}: the input has no column '{column}'. Available columns: {string.Join(", ", available.Where(n => !n.StartsWith("__glcic_", StringComparison.Ordinal)).Distinct())}.");

    private static ArgumentOutOfRangeException WrongType(string column, string transform, string expected, string found) =>
        new(nameof(column), $"{transform}: column '{column}' must be {expected}, but it is {found}.");
}
