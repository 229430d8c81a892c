using GlcicML.Imaging;

namespace GlcicML.Tests.TestSupport;

/// <summary>The repository's sample photos (copied next to the test assembly) and small synthetic images.</summary>
internal static class Samples
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "SamplePhotos");

    public static string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>A width-1/16 GLCIC network with random weights, exported by GlcicML.Training (see Models/README.md).</summary>
    public static string TinyModel => Path.Combine(AppContext.BaseDirectory, "Models", "tiny-random.onnx");

    /// <summary>A deterministic image with smooth gradients and some structure.</summary>
    public static RgbImage Gradient(int width, int height, int variant = 0)
    {
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int o = ((y * width) + x) * 3;
                pixels[o] = (byte)((x * 255 / Math.Max(1, width - 1)) ^ (variant * 37));
                pixels[o + 1] = (byte)((y * 255 / Math.Max(1, height - 1)) + (variant * 11));
                pixels[o + 2] = (byte)(((x + y) * 7) + variant);
            }
        }

        return RgbImage.FromPixels(width, height, pixels);
    }
}
