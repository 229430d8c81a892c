using System.Globalization;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace GlcicML.Transforms.Persistence;

/// <summary>
/// Turns the pixels of a known-size image column back into an image of unknown size. ML.NET binds an image column
/// to a mapping's MLImage property only if the column's exact type (size included) is registered in the process,
/// and a freshly loaded model cannot know which sizes to register. So a known-size column reaches GlcicML's
/// mappings as ExtractPixels bytes (exact, alpha included) and is rebuilt here with the size saved as a constant.
/// </summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class PixelsToImageMapping : CustomMappingFactory<SizedPixelsInput, UnsizedImageOutput>
{
    public const string Contract = "GlcicML.PixelsToImage.v1";

    static PixelsToImageMapping() => ImageTypeRegistration.Ensure();

    public override Action<SizedPixelsInput, UnsizedImageOutput> GetMapping() => Map;

    /// <summary>The shape constant, e.g. "64x48" (width x height).</summary>
    public static string Shape(int width, int height) => string.Create(CultureInfo.InvariantCulture, $"{width}x{height}");

    public static void Map(SizedPixelsInput input, UnsizedImageOutput output)
    {
        string[] parts = input.Shape.Split('x');
        int width = int.Parse(parts[0], CultureInfo.InvariantCulture);
        int height = int.Parse(parts[1], CultureInfo.InvariantCulture);
        byte[] argb = input.Pixels;
        if (argb.Length != width * height * 4)
        {
            throw new InvalidOperationException($"Expected {width}x{height}x4 pixel bytes, got {argb.Length}.");
        }

        // ExtractPixels turns a missing image into zeros. ML.NET's images are premultiplied, so a real image that is
        // all zeros is fully transparent: nothing to complete either way. Both stay missing.
        if (!argb.AsSpan().ContainsAnyExcept((byte)0))
        {
            output.Image = null;
            return;
        }

        var rgba = new byte[argb.Length];
        for (int i = 0; i < argb.Length; i += 4)
        {
            rgba[i] = argb[i + 1];
            rgba[i + 1] = argb[i + 2];
            rgba[i + 2] = argb[i + 3];
            rgba[i + 3] = argb[i];
        }

        output.Image = MLImage.CreateFromPixels(width, height, MLPixelFormat.Rgba32, rgba);
    }
}

/// <summary>Input row of <see cref="PixelsToImageMapping"/>.</summary>
internal sealed class SizedPixelsInput
{
    [ColumnName(InternalColumns.SizedPixels)]
    public byte[] Pixels { get; set; } = [];

    [ColumnName(InternalColumns.SizedShape)]
    public string Shape { get; set; } = string.Empty;
}

/// <summary>Output row of <see cref="PixelsToImageMapping"/>.</summary>
internal sealed class UnsizedImageOutput
{
    [ColumnName(InternalColumns.Unsized)]
    public MLImage? Image { get; set; }
}
