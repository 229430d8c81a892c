namespace GlcicML.Imaging;

/// <summary>EXIF orientation values (1–8) as the TIFF/EXIF specification numbers them.</summary>
internal enum ExifOrientation
{
    TopLeft = 1,
    TopRight = 2,
    BottomRight = 3,
    BottomLeft = 4,
    LeftTop = 5,
    RightTop = 6,
    RightBottom = 7,
    LeftBottom = 8,
}
