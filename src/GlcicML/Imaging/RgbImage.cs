namespace GlcicML.Imaging;

/// <summary>
/// An immutable 8-bit RGB image held in memory: rows top to bottom, pixels interleaved R, G, B.
/// </summary>
/// <remarks>
/// <para>Every operation in GlcicML returns a new image; an <see cref="RgbImage"/> is never modified after it is built.</para>
/// <para>Alpha is not represented. Decoding an image with alpha discards it: the stored colour of each pixel is
/// kept as it is, not composited on any background. Grayscale images become three equal channels.</para>
/// </remarks>
[GlcicML.Notebooks.TypeFormatterSource(typeof(GlcicML.Notebooks.HtmlFormatterSource))]
public sealed class RgbImage
{
    /// <summary>Bytes per pixel in <see cref="Pixels"/>.</summary>
    public const int Channels = 3;

    private readonly byte[] _pixels;

    internal RgbImage(int width, int height, byte[] pixels)
    {
        ImageSize.Validate(width, height);
        if (pixels.Length != checked(width * height * Channels))
        {
            throw new ArgumentException(
                $"An RGB image of {width}x{height} needs {width * height * Channels} bytes, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        _pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of pixels (<see cref="Width"/> × <see cref="Height"/>).</summary>
    public int PixelCount => Width * Height;

    /// <summary>All pixels, row by row, interleaved R, G, B.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>One row of interleaved R, G, B bytes.</summary>
    /// <param name="y">Row index, 0 at the top.</param>
    public ReadOnlySpan<byte> GetRow(int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return _pixels.AsSpan(y * Width * Channels, Width * Channels);
    }

    /// <summary>Gives library code the backing array; callers must not write to it once the image is shared.</summary>
    internal byte[] Buffer => _pixels;

    /// <summary>Creates an image from interleaved R, G, B bytes (copied).</summary>
    /// <exception cref="ArgumentException">The span length is not <paramref name="width"/> × <paramref name="height"/> × 3.</exception>
    public static RgbImage FromPixels(int width, int height, ReadOnlySpan<byte> rgb)
    {
        ImageSize.Validate(width, height);
        if (rgb.Length != (long)width * height * Channels)
        {
            throw new ArgumentException(
                $"An RGB image of {width}x{height} needs {(long)width * height * Channels} bytes, got {rgb.Length}.", nameof(rgb));
        }

        return new RgbImage(width, height, rgb.ToArray());
    }

    /// <summary>Creates an image filled with one colour.</summary>
    public static RgbImage Solid(int width, int height, byte red, byte green, byte blue)
    {
        ImageSize.Validate(width, height);
        var pixels = new byte[width * height * Channels];
        PixelOps.FillRgb(pixels, red, green, blue);
        return new RgbImage(width, height, pixels);
    }

    /// <summary>
    /// Copies the colour of an ML.NET image. Alpha is discarded.
    /// </summary>
    /// <remarks>
    /// ML.NET's <c>LoadImages</c> decodes through SkiaSharp, which premultiplies colour by alpha: transparent areas of an
    /// image loaded that way are already black before they reach GlcicML. <see cref="Load"/> keeps the stored colour.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="NotSupportedException">The image has a pixel format other than BGRA32 or RGBA32.</exception>
    public static RgbImage FromMLImage(MLImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var pixels = new byte[image.Width * image.Height * Channels];
        PixelOps.FourToThree(image.Pixels, pixels, SwapOrder(image.PixelFormat));
        return new RgbImage(image.Width, image.Height, pixels);
    }

    /// <summary>Creates an opaque RGBA32 <see cref="MLImage"/> with this image's colour. The caller owns (disposes) it.</summary>
    public MLImage ToMLImage()
    {
        // CreateFromPixels copies into SkiaSharp's bitmap, so the RGBA staging buffer can be pooled.
        int length = PixelCount * 4;
        byte[] rgba = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            PixelOps.ThreeToFour(_pixels, rgba.AsSpan(0, length), swapRedBlue: false);
            return MLImage.CreateFromPixels(Width, Height, MLPixelFormat.Rgba32, rgba.AsSpan(0, length));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rgba);
        }
    }

    /// <summary>Decodes an image file (PNG, JPEG, BMP, GIF or WebP).</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="options">Pixel budget and EXIF handling; <see cref="ImageReadOptions.Default"/> when null.</param>
    /// <exception cref="ImageLoadException">The file is missing, empty, not an image, truncated, corrupt or over the pixel budget.
    /// <see cref="ImageLoadException.Reason"/> says which, and the message names the file.</exception>
    public static RgbImage Load(string path, ImageReadOptions? options = null)
    {
        return ImageCodec.DecodeFile(path, options ?? ImageReadOptions.Default).ToRgbImage();
    }

    /// <summary>Decodes an encoded image held in memory.</summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="sourceName">A name for error messages, such as the file or URL it came from.</param>
    /// <param name="options">Pixel budget and EXIF handling; <see cref="ImageReadOptions.Default"/> when null.</param>
    /// <exception cref="ImageLoadException">The bytes are empty, not an image, truncated, corrupt or over the pixel budget.</exception>
    public static RgbImage Decode(ReadOnlySpan<byte> encoded, string? sourceName = null, ImageReadOptions? options = null)
    {
        return ImageCodec.Decode(encoded, sourceName ?? "<memory>", options ?? ImageReadOptions.Default).ToRgbImage();
    }

    /// <summary>
    /// Encodes the image to a file, replacing it atomically (the bytes go to a temporary file beside it, which is
    /// then renamed), so a reader never sees a partial file.
    /// </summary>
    /// <param name="path">Destination; the extension picks the format (.png, .jpg, .jpeg, .webp).</param>
    /// <param name="quality">JPEG/WebP quality, 1–100; ignored for PNG.</param>
    /// <exception cref="ArgumentException">The extension is not one of the supported ones.</exception>
    public void Save(string path, int quality = 95)
    {
        var format = ImageCodec.FormatFromExtension(path);
        AtomicFile.Write(path, stream => ImageCodec.Encode(this, stream, format, quality));
    }

    /// <summary>Encodes the image to a stream.</summary>
    /// <param name="destination">Where the encoded bytes go.</param>
    /// <param name="format">PNG, JPEG or WebP.</param>
    /// <param name="quality">JPEG/WebP quality, 1–100; ignored for PNG.</param>
    public void Encode(Stream destination, EncodedImageFormat format, int quality = 95)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ImageCodec.Encode(this, destination, format, quality);
    }

    /// <summary>
    /// Writes the image in the network's planar layout: three planes (R, G, B) of <see cref="PixelCount"/> floats in [0, 1].
    /// </summary>
    /// <param name="destination">At least 3 × <see cref="PixelCount"/> floats; typically one image's slice of an NCHW tensor.</param>
    public void CopyToPlanar(Span<float> destination)
    {
        int plane = PixelCount;
        if (destination.Length < plane * Channels)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; {plane * Channels} are needed.", nameof(destination));
        }

        PixelOps.InterleavedToPlanar(_pixels, destination[..plane], destination.Slice(plane, plane), destination.Slice(2 * plane, plane));
    }

    /// <summary>
    /// Builds an image from the network's planar layout (three planes in [0, 1]); values are clamped to [0, 1] and
    /// rounded to the nearest 8-bit level.
    /// </summary>
    /// <param name="planes">At least 3 × <paramref name="width"/> × <paramref name="height"/> floats: the R plane, then G, then B.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static RgbImage FromPlanar(ReadOnlySpan<float> planes, int width, int height)
    {
        ImageSize.Validate(width, height);
        int plane = width * height;
        if (planes.Length < plane * Channels)
        {
            throw new ArgumentException($"A {width}x{height} image needs {plane * Channels} floats, got {planes.Length}.", nameof(planes));
        }

        var pixels = new byte[plane * Channels];
        PixelOps.PlanarToInterleaved(planes[..plane], planes.Slice(plane, plane), planes.Slice(2 * plane, plane), pixels);
        return new RgbImage(width, height, pixels);
    }

    /// <summary>Resizes with a high-quality filter (mipmaps when shrinking, bicubic when enlarging); returns this image when the size is unchanged.</summary>
    public RgbImage Resize(int width, int height) => ImageResampling.Resize(this, width, height);

    /// <summary>Copies a rectangle of the image.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rectangle is empty or not fully inside the image.</exception>
    public RgbImage Crop(PixelRectangle region)
    {
        if (region.Width <= 0 || region.Height <= 0 || !region.IsInside(Width, Height))
        {
            throw new ArgumentOutOfRangeException(nameof(region), region, $"The crop must be a non-empty rectangle inside the {Width}x{Height} image.");
        }

        var pixels = new byte[region.Area * Channels];
        for (int y = 0; y < region.Height; y++)
        {
            GetRow(region.Y + y).Slice(region.X * Channels, region.Width * Channels).CopyTo(pixels.AsSpan(y * region.Width * Channels));
        }

        return new RgbImage(region.Width, region.Height, pixels);
    }

    /// <summary>True when both images have the same size and identical pixels.</summary>
    public bool PixelsEqual(RgbImage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Width == other.Width && Height == other.Height && Pixels.SequenceEqual(other.Pixels);
    }

    /// <inheritdoc />
    public override string ToString() => $"RgbImage {Width}x{Height}";

    private static bool SwapOrder(MLPixelFormat format) => format switch
    {
        MLPixelFormat.Bgra32 => true,
        MLPixelFormat.Rgba32 => false,
        _ => throw new NotSupportedException($"MLImage pixel format {format} is not supported; expected Bgra32 or Rgba32."),
    };
}
