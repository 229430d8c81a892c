namespace GlcicML.Masks;

/// <summary>
/// An immutable binary mask: one byte per pixel, 1 = hole (to be completed), 0 = known.
/// </summary>
/// <remarks>As an image (<see cref="ToMLImage"/>, <see cref="Save"/>) holes are white (255) and known pixels black (0).</remarks>
[GlcicML.Notebooks.TypeFormatterSource(typeof(GlcicML.Notebooks.HtmlFormatterSource))]
public sealed class InpaintingMask
{
    private readonly byte[] _values;

    /// <summary>Takes ownership of <paramref name="values"/>, which must hold only 0 and 1.</summary>
    internal InpaintingMask(int width, int height, byte[] values)
    {
        ImageSize.Validate(width, height);
        if (values.Length != width * height)
        {
            throw new ArgumentException($"A {width}x{height} mask needs {width * height} values, got {values.Length}.", nameof(values));
        }

        Width = width;
        Height = height;
        _values = values;
        HolePixelCount = values.AsSpan().Count((byte)1);
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of pixels.</summary>
    public int PixelCount => Width * Height;

    /// <summary>One byte per pixel, row by row: 1 = hole, 0 = known.</summary>
    public ReadOnlySpan<byte> Values => _values;

    /// <summary>Number of hole pixels.</summary>
    public int HolePixelCount { get; }

    /// <summary>Share of pixels that are holes, in [0, 1].</summary>
    public double HoleFraction => (double)HolePixelCount / PixelCount;

    /// <summary>True when no pixel is a hole.</summary>
    public bool IsEmpty => HolePixelCount == 0;

    /// <summary>True when every pixel is a hole.</summary>
    public bool IsFull => HolePixelCount == PixelCount;

    internal byte[] Buffer => _values;

    /// <summary>One row of the mask.</summary>
    public ReadOnlySpan<byte> GetRow(int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return _values.AsSpan(y * Width, Width);
    }

    /// <summary>True when the pixel at (<paramref name="x"/>, <paramref name="y"/>) is a hole.</summary>
    public bool IsHole(int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Width);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        return _values[(y * Width) + x] != 0;
    }

    /// <summary>The smallest rectangle holding every hole pixel, or null for an empty mask.</summary>
    public PixelRectangle? HoleBounds()
    {
        int minX = Width, minY = Height, maxX = -1, maxY = -1;
        for (int y = 0; y < Height; y++)
        {
            ReadOnlySpan<byte> row = GetRow(y);
            int first = row.IndexOf((byte)1);
            if (first < 0)
            {
                continue;
            }

            int last = row.LastIndexOf((byte)1);
            minX = Math.Min(minX, first);
            maxX = Math.Max(maxX, last);
            minY = Math.Min(minY, y);
            maxY = y;
        }

        return maxX < 0 ? null : new PixelRectangle(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /// <summary>Creates a mask from one value per pixel; any non-zero value is a hole.</summary>
    public static InpaintingMask FromValues(int width, int height, ReadOnlySpan<byte> values)
    {
        ImageSize.Validate(width, height);
        if (values.Length != width * height)
        {
            throw new ArgumentException($"A {width}x{height} mask needs {width * height} values, got {values.Length}.", nameof(values));
        }

        var normalized = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            normalized[i] = values[i] == 0 ? (byte)0 : (byte)1;
        }

        return new InpaintingMask(width, height, normalized);
    }

    /// <summary>A mask with no holes.</summary>
    public static InpaintingMask Empty(int width, int height)
    {
        ImageSize.Validate(width, height);
        return new InpaintingMask(width, height, new byte[width * height]);
    }

    /// <summary>A mask whose holes are the given rectangles (clipped to the mask).</summary>
    public static InpaintingMask FromRectangles(int width, int height, IEnumerable<PixelRectangle> holes)
    {
        ArgumentNullException.ThrowIfNull(holes);
        ImageSize.Validate(width, height);
        var values = new byte[width * height];
        foreach (PixelRectangle hole in holes)
        {
            int x0 = Math.Max(0, hole.X), y0 = Math.Max(0, hole.Y);
            int x1 = Math.Min(width, hole.X + hole.Width), y1 = Math.Min(height, hole.Y + hole.Height);
            for (int y = y0; y < y1; y++)
            {
                values.AsSpan((y * width) + x0, Math.Max(0, x1 - x0)).Fill(1);
            }
        }

        return new InpaintingMask(width, height, values);
    }

    /// <summary>Reads a mask from an ML.NET image (gray, RGB or RGBA) with an explicit channel, threshold and polarity.</summary>
    /// <remarks>
    /// Images from ML.NET's <c>LoadImages</c> carry premultiplied colour; reading <see cref="MaskChannel.Alpha"/> is
    /// unaffected, but colour channels of transparent pixels read as 0.
    /// </remarks>
    public static InpaintingMask FromMLImage(MLImage image, MaskReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= MaskReadOptions.Default;
        bool bgra = image.PixelFormat switch
        {
            MLPixelFormat.Bgra32 => true,
            MLPixelFormat.Rgba32 => false,
            _ => throw new NotSupportedException($"MLImage pixel format {image.PixelFormat} is not supported; expected Bgra32 or Rgba32."),
        };
        var values = new byte[image.Width * image.Height];
        MaskBinarizer.Binarize(image.Pixels, bgra, options, values);
        return new InpaintingMask(image.Width, image.Height, values);
    }

    /// <summary>Decodes a mask file (PNG, JPEG, BMP, GIF or WebP; gray, RGB or RGBA).</summary>
    /// <exception cref="ImageLoadException">The file is missing, empty, not an image, damaged or over the pixel budget.</exception>
    public static InpaintingMask Load(string path, MaskReadOptions? options = null)
    {
        options ??= MaskReadOptions.Default;
        DecodedImage decoded = ImageCodec.DecodeFile(path, new ImageReadOptions { MaxPixels = options.MaxPixels, ApplyExifOrientation = true });
        return FromDecoded(decoded, options);
    }

    /// <summary>Decodes a mask held in memory.</summary>
    public static InpaintingMask Decode(ReadOnlySpan<byte> encoded, string? sourceName = null, MaskReadOptions? options = null)
    {
        options ??= MaskReadOptions.Default;
        DecodedImage decoded = ImageCodec.Decode(encoded, sourceName ?? "<memory>", new ImageReadOptions { MaxPixels = options.MaxPixels, ApplyExifOrientation = true });
        return FromDecoded(decoded, options);
    }

    /// <summary>The mask as an opaque RGBA32 <see cref="MLImage"/>: holes white, known pixels black. The caller owns it.</summary>
    public MLImage ToMLImage()
    {
        // CreateFromPixels copies into SkiaSharp's bitmap, so the RGBA staging buffer can be pooled.
        int length = PixelCount * 4;
        byte[] rgba = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Span<uint> words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(rgba.AsSpan(0, length));
            for (int i = 0; i < _values.Length; i++)
            {
                words[i] = _values[i] != 0 ? 0xFFFFFFFFu : 0xFF000000u;
            }

            return MLImage.CreateFromPixels(Width, Height, MLPixelFormat.Rgba32, rgba.AsSpan(0, length));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rgba);
        }
    }

    /// <summary>The mask as an RGB image: holes white, known pixels black.</summary>
    public RgbImage ToRgbImage()
    {
        var rgb = new byte[PixelCount * 3];
        for (int i = 0; i < _values.Length; i++)
        {
            byte level = (byte)(_values[i] * 255);
            rgb[3 * i] = level;
            rgb[(3 * i) + 1] = level;
            rgb[(3 * i) + 2] = level;
        }

        return new RgbImage(Width, Height, rgb);
    }

    /// <summary>Writes the mask as an 8-bit grayscale PNG (holes 255), atomically (temporary file, then rename).</summary>
    public void Save(string path)
    {
        EncodedImageFormat format = ImageCodec.FormatFromExtension(path);
        AtomicFile.Write(path, stream => Encode(stream, format));
    }

    /// <summary>Encodes the mask as an 8-bit grayscale image (holes 255).</summary>
    public void Encode(Stream destination, EncodedImageFormat format = EncodedImageFormat.Png)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var gray = new byte[PixelCount];
        for (int i = 0; i < gray.Length; i++)
        {
            gray[i] = (byte)(_values[i] * 255);
        }

        ImageCodec.EncodeGray(gray, Width, Height, destination, format, quality: 100);
    }

    /// <summary>Writes the mask as one float plane: 1 for holes, 0 for known pixels.</summary>
    public void CopyToPlanar(Span<float> destination)
    {
        if (destination.Length < PixelCount)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; {PixelCount} are needed.", nameof(destination));
        }

        for (int i = 0; i < _values.Length; i++)
        {
            destination[i] = _values[i];
        }
    }

    /// <summary>True when both masks have the same size and the same holes.</summary>
    public bool ValuesEqual(InpaintingMask other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Width == other.Width && Height == other.Height && Values.SequenceEqual(other.Values);
    }

    /// <summary>True when the mask has the size of <paramref name="image"/>.</summary>
    public bool HasSizeOf(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return image.Width == Width && image.Height == Height;
    }

    /// <inheritdoc />
    public override string ToString() => $"InpaintingMask {Width}x{Height}, {HoleFraction:P1} holes";

    private static InpaintingMask FromDecoded(DecodedImage decoded, MaskReadOptions options)
    {
        var values = new byte[decoded.Width * decoded.Height];
        MaskBinarizer.Binarize(decoded.Rgba, bgra: false, options, values);
        return new InpaintingMask(decoded.Width, decoded.Height, values);
    }
}
