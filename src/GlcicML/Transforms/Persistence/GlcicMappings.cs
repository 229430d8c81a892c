using System.Globalization;

namespace GlcicML.Transforms.Persistence;

/// <summary>
/// The saved behaviour of one step of a GlcicML transform: an ML.NET custom mapping that <c>mlContext.Model.Load</c>
/// finds again by the contract name on the subclass's <c>[CustomMappingFactoryAttribute]</c>. The image column type
/// is registered before ML.NET reads the row types.
/// </summary>
internal abstract class GlcicMapping<TInput, TOutput> : CustomMappingFactory<TInput, TOutput>
    where TInput : class, new()
    where TOutput : class, new()
{
    protected GlcicMapping() => ImageTypeRegistration.Ensure();

    public sealed override Action<TInput, TOutput> GetMapping() => Map;

    /// <summary>Maps one row; ML.NET may call it from several threads at once.</summary>
    public abstract void Map(TInput input, TOutput output);
}

/// <summary>
/// A step that reads an image, its mask and the transform's saved settings (<see cref="ImageMaskStateRow"/>): a row
/// missing either gets <see cref="Missing"/>, the others <see cref="Map(MLImage, MLImage, TState, TOutput)"/>.
/// </summary>
internal abstract class ImageMaskMapping<TState, TOutput> : GlcicMapping<ImageMaskStateRow, TOutput>
    where TState : class
    where TOutput : class, new()
{
    public sealed override void Map(ImageMaskStateRow input, TOutput output)
    {
        TState state = TransformState.Read<TState>(input.State);
        if (input.Image is null || input.Mask is null)
        {
            Missing(output);
            return;
        }

        Map(input.Image, input.Mask, state, output);
    }

    /// <summary>What a row without an image or a mask gets.</summary>
    protected abstract void Missing(TOutput output);

    protected abstract void Map(MLImage image, MLImage mask, TState state, TOutput output);
}

/// <summary>The base of the saved mappings' input rows: each reads an image (ML.NET maps inherited properties too).</summary>
internal abstract class ImageRow
{
    [ColumnName(InternalColumns.Image)]
    public MLImage? Image { get; set; }
}

/// <summary>An input row with an image and its mask.</summary>
internal abstract class ImageMaskRow : ImageRow
{
    [ColumnName(InternalColumns.Mask)]
    public MLImage? Mask { get; set; }
}

/// <summary>The input row shared by the saved mappings that read an image, its mask and the transform's settings.</summary>
internal sealed class ImageMaskStateRow : ImageMaskRow
{
    [ColumnName(InternalColumns.State)]
    public string State { get; set; } = string.Empty;
}

/// <summary>A mapping with no inputs that adds a constant column, so state constants can be computed from it
/// whatever columns the user's data has (ML.NET's Expression transform needs an input column).</summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class StateAnchorMapping : GlcicMapping<NoColumns, StateAnchorRow>
{
    public const string Contract = "GlcicML.StateAnchor.v1";

    public override void Map(NoColumns input, StateAnchorRow output) => output.Anchor = 0;

}

/// <summary>A row with no columns.</summary>
internal sealed class NoColumns
{
}

/// <summary>The anchor's output row.</summary>
internal sealed class StateAnchorRow
{
    [ColumnName(InternalColumns.Anchor)]
    public float Anchor { get; set; }
}

/// <summary>
/// Turns the pixels of a known-size image column back into an image of unknown size. ML.NET binds an image column
/// to a mapping's MLImage property only if the column's exact type (size included) is registered in the process,
/// and a freshly loaded model cannot know which sizes to register. So a known-size column reaches GlcicML's
/// mappings as ExtractPixels bytes (exact, alpha included) and is rebuilt here with the size saved as a constant.
/// </summary>
[CustomMappingFactoryAttribute(Contract)]
internal sealed class PixelsToImageMapping : GlcicMapping<SizedPixelsInput, UnsizedImageOutput>
{
    public const string Contract = "GlcicML.PixelsToImage.v1";

    /// <summary>The shape constant, e.g. "64x48" (width x height).</summary>
    public static string Shape(int width, int height) => string.Create(CultureInfo.InvariantCulture, $"{width}x{height}");

    public override void Map(SizedPixelsInput input, UnsizedImageOutput output)
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
