using SkiaSharp;

namespace GlcicML.Imaging;

/// <summary>Resizes RGB images with SkiaSharp's high-quality filter (mipmaps when shrinking, bicubic when enlarging).</summary>
internal static class ImageResampling
{
    public static unsafe RgbImage Resize(RgbImage image, int width, int height)
    {
        ImageSize.Validate(width, height);
        if (width == image.Width && height == image.Height)
        {
            return image;
        }

        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var source = new SKBitmap(info);
        PixelOps.ThreeToFour(image.Pixels, new Span<byte>((void*)source.GetPixels(), source.ByteCount), swapRedBlue: false);
        using SKBitmap resized = source.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), SKFilterQuality.High)
            ?? throw new InvalidOperationException($"SkiaSharp could not resize a {image.Width}x{image.Height} image to {width}x{height}.");
        var rgb = new byte[width * height * 3];
        PixelOps.FourToThree(new ReadOnlySpan<byte>((void*)resized.GetPixels(), resized.ByteCount), rgb, swapRedBlue: false);
        return new RgbImage(width, height, rgb);
    }
}
