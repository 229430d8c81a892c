namespace GlcicML.Imaging;

/// <summary>Size checks shared by every image and mask constructor.</summary>
internal static class ImageSize
{
    /// <summary>Largest pixel count an in-memory image may have: its RGBA form must fit in one .NET array.</summary>
    public const long MaxPixels = int.MaxValue / 4;

    public static void Validate(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size must be positive, got {width}x{height}.");
        }

        if ((long)width * height > MaxPixels)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size {width}x{height} exceeds the in-memory limit of {MaxPixels} pixels.");
        }
    }

    public static string Describe(int width, int height) => $"{width}x{height}";
}
