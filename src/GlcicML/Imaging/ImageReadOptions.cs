namespace GlcicML.Imaging;

/// <summary>How image files are decoded.</summary>
public sealed record ImageReadOptions
{
    /// <summary>The defaults: a 100-megapixel budget and EXIF orientation applied.</summary>
    public static ImageReadOptions Default { get; } = new();

    /// <summary>
    /// Largest accepted image, in pixels (width × height). It is checked from the file header before any pixel is
    /// decoded, so a small file that claims a huge size (a decompression bomb) is refused cheaply.
    /// The default is 100,000,000 (100 MP).
    /// </summary>
    public long MaxPixels { get; init; } = 100_000_000;

    /// <summary>
    /// Rotate/flip the pixels as the file's EXIF orientation tag says, so the image comes out the way viewers show it.
    /// The default is true. ML.NET's <c>LoadImages</c> ignores the tag; set false to match it.
    /// </summary>
    public bool ApplyExifOrientation { get; init; } = true;
}
