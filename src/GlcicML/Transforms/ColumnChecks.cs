using Microsoft.ML.Transforms.Image;

namespace GlcicML.Transforms;

/// <summary>Checks input columns up front, with messages that name the column, what was found and what to do.</summary>
internal static class ColumnChecks
{
    public static void RequireImage(SchemaShape schema, string column, string transform)
    {
        if (!TryFind(schema, column, out SchemaShape.Column found))
        {
            throw MissingColumn(column, transform, schema.Select(c => c.Name));
        }

        if (found.Kind != SchemaShape.Column.VectorKind.Scalar || found.ItemType is not ImageDataViewType)
        {
            throw WrongType(column, transform, "an image column (MLImage, e.g. from LoadImages)", found.ItemType?.ToString() ?? "unknown");
        }
    }

    public static void RequireImage(DataViewSchema schema, string column, string transform)
    {
        DataViewSchema.Column? found = schema.GetColumnOrNull(column);
        if (found is null)
        {
            throw MissingColumn(column, transform, schema.Select(c => c.Name));
        }

        if (found.Value.Type is not ImageDataViewType)
        {
            throw WrongType(column, transform, "an image column (MLImage, e.g. from LoadImages)", found.Value.Type?.ToString() ?? "unknown");
        }
    }

    public static void RequireText(SchemaShape schema, string column, string transform)
    {
        if (!TryFind(schema, column, out SchemaShape.Column found))
        {
            throw MissingColumn(column, transform, schema.Select(c => c.Name));
        }

        if (found.Kind != SchemaShape.Column.VectorKind.Scalar || found.ItemType is not TextDataViewType)
        {
            throw WrongType(column, transform, "a text column", found.ItemType?.ToString() ?? "unknown");
        }
    }

    public static void RequireText(DataViewSchema schema, string column, string transform)
    {
        DataViewSchema.Column? found = schema.GetColumnOrNull(column);
        if (found is null)
        {
            throw MissingColumn(column, transform, schema.Select(c => c.Name));
        }

        if (found.Value.Type is not TextDataViewType)
        {
            throw WrongType(column, transform, "a text column", found.Value.Type?.ToString() ?? "unknown");
        }
    }

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

    private static bool TryFind(SchemaShape schema, string column, out SchemaShape.Column found)
    {
        // SchemaShape.TryFindColumn is internal to ML.NET; the last column of a name wins, as in ML.NET.
        found = default;
        bool any = false;
        foreach (SchemaShape.Column candidate in schema)
        {
            if (candidate.Name == column)
            {
                found = candidate;
                any = true;
            }
        }

        return any;
    }

    private static ArgumentOutOfRangeException MissingColumn(string column, string transform, IEnumerable<string> available) =>
        new(nameof(column), $"{transform}: the input has no column '{column}'. Available columns: {string.Join(", ", available.Where(n => !n.StartsWith("__glcic_", StringComparison.Ordinal)).Distinct())}.");

    private static ArgumentOutOfRangeException WrongType(string column, string transform, string expected, string found) =>
        new(nameof(column), $"{transform}: column '{column}' must be {expected}, but it is {found}.");
}
