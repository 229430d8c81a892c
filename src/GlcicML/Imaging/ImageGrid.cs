namespace GlcicML.Imaging;

/// <summary>Lays images out in a grid on a plain background, e.g. input | mask | output strips for reports.</summary>
public static class ImageGrid
{
    /// <summary>Places the images row by row, each cell as large as the largest image, top-left aligned.</summary>
    /// <param name="images">The images, in reading order.</param>
    /// <param name="columns">Cells per row; 0 (the default) puts all images in one row.</param>
    /// <param name="gap">Pixels between cells and around the grid. The default is 4.</param>
    /// <param name="background">Gray level of the background. The default is 255 (white).</param>
    public static RgbImage Compose(IReadOnlyList<RgbImage> images, int columns = 0, int gap = 4, byte background = 255)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfZero(images.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(gap);
        columns = columns == 0 ? images.Count : Math.Min(columns, images.Count);
        int rows = (images.Count + columns - 1) / columns;
        int cellWidth = images.Max(i => i.Width);
        int cellHeight = images.Max(i => i.Height);
        int width = (columns * cellWidth) + ((columns + 1) * gap);
        int height = (rows * cellHeight) + ((rows + 1) * gap);
        ImageSize.Validate(width, height);
        var pixels = new byte[width * height * 3];
        pixels.AsSpan().Fill(background);
        for (int index = 0; index < images.Count; index++)
        {
            RgbImage image = images[index];
            int left = gap + ((index % columns) * (cellWidth + gap));
            int top = gap + ((index / columns) * (cellHeight + gap));
            for (int y = 0; y < image.Height; y++)
            {
                image.GetRow(y).CopyTo(pixels.AsSpan((((top + y) * width) + left) * 3, image.Width * 3));
            }
        }

        return new RgbImage(width, height, pixels);
    }
}
