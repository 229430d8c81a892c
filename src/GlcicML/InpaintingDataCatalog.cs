namespace GlcicML;

/// <summary>GlcicML's additions to <c>mlContext.Data</c>.</summary>
public static class InpaintingDataCatalog
{
    /// <summary>
    /// Writes an image column to PNG files, one per row, named by a path column (e.g. the one LoadImages read): row
    /// <c>a/b.jpg</c> becomes <c>outputFolder/a/b.png</c>. Each file is written atomically and must lie inside
    /// <paramref name="outputFolder"/>. Rows with a missing image are counted, not written.
    /// </summary>
    /// <remarks>
    /// This is the last step of a scoring pipeline (LoadImages → masks → InpaintImages → PostProcessInpainting). ML.NET
    /// cursors cannot skip a row whose computation fails, so an unreadable file stops the run here; for datasets with
    /// bad files, resumable runs and shards, use <see cref="BatchInpainting"/> (the <c>glcic inpaint</c> engine).
    /// </remarks>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="data">The rows.</param>
    /// <param name="outputFolder">Where the files go.</param>
    /// <param name="imageColumnName">The image column to write.</param>
    /// <param name="pathColumnName">A text column with each row's relative path.</param>
    /// <param name="relativeTo">When the paths are absolute, the folder they are relative to (e.g. LoadImages' image folder); null to use them as they are.</param>
    /// <returns>How many files were written and how many rows had no image.</returns>
    /// <exception cref="UnsafeOutputPathException">A row's path would write outside <paramref name="outputFolder"/>.</exception>
    public static SavedImages SaveImages(this DataOperationsCatalog catalog, IDataView data, string outputFolder, string imageColumnName, string pathColumnName, string? relativeTo = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(outputFolder);
        ColumnChecks.RequireImage(data.Schema, imageColumnName, nameof(SaveImages));
        ColumnChecks.RequireText(data.Schema, pathColumnName, nameof(SaveImages));
        DataViewSchema.Column imageColumn = data.Schema[imageColumnName], pathColumn = data.Schema[pathColumnName];
        int written = 0, missing = 0;
        using DataViewRowCursor cursor = data.GetRowCursor([imageColumn, pathColumn]);
        ValueGetter<MLImage?> image = cursor.GetGetter<MLImage?>(imageColumn);
        ValueGetter<ReadOnlyMemory<char>> path = cursor.GetGetter<ReadOnlyMemory<char>>(pathColumn);
        MLImage? value = null;
        ReadOnlyMemory<char> text = default;
        while (cursor.MoveNext())
        {
            image(ref value);
            path(ref text);
            if (value is null)
            {
                missing++;
                continue;
            }

            string relative = relativeTo is null ? text.ToString() : Path.GetRelativePath(relativeTo, text.ToString());
            RgbImage.FromMLImage(value).Save(OutputPaths.Resolve(outputFolder, relative.Replace('\\', '/')));
            written++;
        }

        return new SavedImages(written, missing);
    }
}

/// <summary>What <see cref="InpaintingDataCatalog.SaveImages"/> wrote.</summary>
/// <param name="Written">Files written.</param>
/// <param name="MissingImages">Rows whose image was missing (nothing written for them).</param>
public sealed record SavedImages(int Written, int MissingImages);
