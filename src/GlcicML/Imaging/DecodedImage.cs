using System.Runtime.InteropServices;

namespace GlcicML.Imaging;

/// <summary>A decoded image: straight (unpremultiplied) RGBA bytes, before alpha is dropped or a mask channel is chosen.</summary>
internal sealed class DecodedImage(string source, int width, int height, byte[] rgba, bool hasAlpha)
{
    public string Source { get; } = source;

    public int Width { get; } = width;

    public int Height { get; } = height;

    public byte[] Rgba { get; } = rgba;

    /// <summary>True when the file has an alpha channel (which is dropped for colour images).</summary>
    public bool HasAlpha { get; } = hasAlpha;

    /// <summary>The EXIF orientation that was applied (TopLeft when none).</summary>
    public ExifOrientation AppliedOrientation { get; private init; } = ExifOrientation.TopLeft;

    public RgbImage ToRgbImage()
    {
        var rgb = new byte[Width * Height * 3];
        PixelOps.FourToThree(Rgba, rgb, swapRedBlue: false);
        return new RgbImage(Width, Height, rgb);
    }

    /// <summary>Returns the image as a viewer shows it, given the file's EXIF orientation.</summary>
    public DecodedImage Oriented(ExifOrientation orientation)
    {
        if (orientation is ExifOrientation.TopLeft || !Enum.IsDefined(orientation))
        {
            return this;
        }

        bool swapsAxes = orientation >= ExifOrientation.LeftTop;
        int outWidth = swapsAxes ? Height : Width;
        int outHeight = swapsAxes ? Width : Height;
        ReadOnlySpan<uint> source = MemoryMarshal.Cast<byte, uint>(Rgba);
        var result = new byte[Rgba.Length];
        Span<uint> destination = MemoryMarshal.Cast<byte, uint>(result.AsSpan());
        for (int y = 0; y < outHeight; y++)
        {
            for (int x = 0; x < outWidth; x++)
            {
                (int sx, int sy) = orientation switch
                {
                    ExifOrientation.TopRight => (Width - 1 - x, y),
                    ExifOrientation.BottomRight => (Width - 1 - x, Height - 1 - y),
                    ExifOrientation.BottomLeft => (x, Height - 1 - y),
                    ExifOrientation.LeftTop => (y, x),
                    ExifOrientation.RightTop => (y, Height - 1 - x),
                    ExifOrientation.RightBottom => (Width - 1 - y, Height - 1 - x),
                    _ => (Width - 1 - y, x), // LeftBottom
                };
                destination[(y * outWidth) + x] = source[(sy * Width) + sx];
            }
        }

        return new DecodedImage(Source, outWidth, outHeight, result, HasAlpha) { AppliedOrientation = orientation };
    }
}
