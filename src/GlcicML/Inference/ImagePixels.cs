namespace GlcicML.Inference;

/// <summary>A copy of an ML.NET image's bytes, so it can be composited after the source image is gone.</summary>
/// <param name="Bytes">Four bytes per pixel, in <paramref name="Format"/> order.</param>
/// <param name="Format">Bgra32 or Rgba32.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Tag">The image's tag (its file path when LoadImages made it).</param>
internal sealed record ImagePixels(byte[] Bytes, MLPixelFormat Format, int Width, int Height, string? Tag)
{
    public static ImagePixels Copy(MLImage image) => new(image.Pixels.ToArray(), image.PixelFormat, image.Width, image.Height, image.Tag);
}
