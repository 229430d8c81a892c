using SkiaSharp;

namespace GlcicML.Imaging;

/// <summary>
/// Decodes and encodes image files with SkiaSharp, the library behind ML.NET's <c>MLImage</c> (no system libraries).
/// </summary>
/// <remarks>
/// We call SkiaSharp's codec directly rather than <c>MLImage.CreateFromStream</c> for three reasons: MLImage
/// premultiplies colour by alpha (transparent pixels turn black, so alpha could not simply be dropped), it accepts
/// truncated files and returns the partial image, and it cannot report the size before decoding every pixel.
/// </remarks>
internal static class ImageCodec
{
    private const string SupportedFormats = "PNG, JPEG, BMP, GIF or WebP";

    // PNG: one filter (Paeth) and zlib level 2 encode a 512² photo in ~12 ms instead of ~110 ms with Skia's defaults
    // (all filters, level 6), for files ~10% larger: encoding would otherwise cost more than a narrow network's
    // inference in batch runs.
    private static readonly SKPngEncoderOptions s_fastPng = new(SKPngEncoderFilterFlags.Paeth, 2);

    public static DecodedImage DecodeFile(string path, ImageReadOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ImageLoadException(path, ImageLoadFailure.NotFound, $"Image file '{path}' does not exist. Check the path and the working directory ({Environment.CurrentDirectory}).", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageLoadException(path, ImageLoadFailure.Unreadable, $"Image file '{path}' could not be read: {e.Message}", e);
        }

        return Decode(bytes, path, options);
    }

    public static unsafe DecodedImage Decode(ReadOnlySpan<byte> bytes, string name, ImageReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (bytes.IsEmpty)
        {
            throw new ImageLoadException(name, ImageLoadFailure.Empty, $"Image file '{name}' is empty (0 bytes). Re-export it or remove it from the input.");
        }

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        string? signature = SniffFormat(bytes);
        if (codec is null)
        {
            throw signature is null
                ? new ImageLoadException(name, ImageLoadFailure.NotAnImage, $"'{name}' is not an image GlcicML can read (expected {SupportedFormats}); its first bytes are {Hex(bytes)}.")
                : new ImageLoadException(name, ImageLoadFailure.Corrupt, $"'{name}' starts like a {signature} file but its header cannot be decoded: the file is corrupt or truncated.");
        }

        // Header only so far: refuse oversized images before allocating their pixels.
        SKImageInfo header = codec.Info;
        long pixelCount = (long)header.Width * header.Height;
        if (header.Width <= 0 || header.Height <= 0)
        {
            throw new ImageLoadException(name, ImageLoadFailure.Corrupt, $"'{name}' declares an invalid size {header.Width}x{header.Height}.");
        }

        if (pixelCount > options.MaxPixels || pixelCount > ImageSize.MaxPixels)
        {
            long budget = Math.Min(options.MaxPixels, ImageSize.MaxPixels);
            throw new ImageLoadException(name, ImageLoadFailure.TooLarge,
                $"'{name}' is {header.Width}x{header.Height} ({pixelCount / 1e6:F1} MP), over the pixel budget of {budget / 1e6:F1} MP. " +
                "Downscale it, or raise the budget (ImageReadOptions.MaxPixels, or --max-pixels on the command line).");
        }

        var target = new SKImageInfo(header.Width, header.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[target.BytesSize];
        SKCodecResult result;
        fixed (byte* destination = rgba)
        {
            result = codec.GetPixels(target, (IntPtr)destination);
        }

        switch (result)
        {
            case SKCodecResult.Success:
                break;
            case SKCodecResult.IncompleteInput:
                throw new ImageLoadException(name, ImageLoadFailure.Truncated, $"'{name}' is a truncated {signature ?? "image"} file: it ends before all {header.Height} rows are decoded. Re-copy or re-export it.");
            default:
                throw new ImageLoadException(name, ImageLoadFailure.Corrupt, $"'{name}' could not be decoded ({result}): the {signature ?? "image"} data is damaged.");
        }

        var decoded = new DecodedImage(name, header.Width, header.Height, rgba, header.AlphaType != SKAlphaType.Opaque);
        return options.ApplyExifOrientation ? decoded.Oriented(ToExifOrientation(codec.EncodedOrigin)) : decoded;
    }

    public static EncodedImageFormat FormatFromExtension(string path)
    {
        string extension = Path.GetExtension(path);
        return extension.ToUpperInvariant() switch
        {
            ".PNG" => EncodedImageFormat.Png,
            ".JPG" or ".JPEG" => EncodedImageFormat.Jpeg,
            ".WEBP" => EncodedImageFormat.Webp,
            _ => throw new ArgumentException($"Cannot tell the image format of '{path}' from its extension '{extension}'; use .png, .jpg, .jpeg or .webp.", nameof(path)),
        };
    }

    public static void Encode(RgbImage image, Stream destination, EncodedImageFormat format, int quality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        PixelOps.ThreeToFour(image.Pixels, PixelSpan(bitmap), swapRedBlue: false);
        WriteEncoded(bitmap, destination, format, quality);
    }

    /// <summary>Encodes one-byte-per-pixel values as a grayscale image (masks).</summary>
    public static void EncodeGray(ReadOnlySpan<byte> gray, int width, int height, Stream destination, EncodedImageFormat format, int quality)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        gray.CopyTo(PixelSpan(bitmap));
        WriteEncoded(bitmap, destination, format, quality);
    }

    private static void WriteEncoded(SKBitmap bitmap, Stream destination, EncodedImageFormat format, int quality)
    {
        using SKPixmap pixmap = bitmap.PeekPixels();
        using SKData encoded = (format == EncodedImageFormat.Png ? pixmap.Encode(s_fastPng) : pixmap.Encode(ToSkia(format), quality))
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {bitmap.Width}x{bitmap.Height} image as {format}.");
        encoded.SaveTo(destination);
    }

    private static unsafe Span<byte> PixelSpan(SKBitmap bitmap)
    {
        // The bitmap is tightly packed (RowBytes == Width * BytesPerPixel) because we created it from SKImageInfo.
        return new Span<byte>((void*)bitmap.GetPixels(), bitmap.ByteCount);
    }

    private static SKEncodedImageFormat ToSkia(EncodedImageFormat format) => format switch
    {
        EncodedImageFormat.Png => SKEncodedImageFormat.Png,
        EncodedImageFormat.Jpeg => SKEncodedImageFormat.Jpeg,
        EncodedImageFormat.Webp => SKEncodedImageFormat.Webp,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown image format."),
    };

    private static ExifOrientation ToExifOrientation(SKEncodedOrigin origin) => (ExifOrientation)(int)origin;

    /// <summary>Names the format from its magic bytes, so a damaged file can be told apart from a non-image.</summary>
    internal static string? SniffFormat(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]))
        {
            return "PNG";
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "JPEG";
        }

        if (bytes.StartsWith("GIF8"u8))
        {
            return "GIF";
        }

        if (bytes.StartsWith("BM"u8))
        {
            return "BMP";
        }

        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            return "WebP";
        }

        return null;
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes[..Math.Min(8, bytes.Length)]);
}
