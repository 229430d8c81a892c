namespace GlcicML.Imaging;

/// <summary>An axis-aligned rectangle of pixels: the top-left corner and the size.</summary>
/// <param name="X">Left column.</param>
/// <param name="Y">Top row.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct PixelRectangle(int X, int Y, int Width, int Height)
{
    /// <summary>One past the right-most column.</summary>
    public int Right => X + Width;

    /// <summary>One past the bottom row.</summary>
    public int Bottom => Y + Height;

    /// <summary>Number of pixels covered.</summary>
    public int Area => Width * Height;

    /// <summary>True when the rectangle lies fully inside an image of the given size.</summary>
    public bool IsInside(int imageWidth, int imageHeight) => X >= 0 && Y >= 0 && Right <= imageWidth && Bottom <= imageHeight;
}
