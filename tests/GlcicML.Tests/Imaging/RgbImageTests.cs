using GlcicML.Imaging;
using GlcicML.Tests.TestSupport;
using Microsoft.ML.Data;

namespace GlcicML.Tests.Imaging;

public class RgbImageTests
{
    [Theory]
    [InlineData("astronaut.png", 512, 512, false)]
    [InlineData("coffee.png", 600, 400, false)]
    [InlineData("rocket.jpg", 640, 427, false)]
    [InlineData("brick.png", 512, 512, true)]
    [InlineData("grass.png", 512, 512, true)]
    [InlineData("horse.png", 400, 328, true)] // an RGBA file, but a black silhouette on white
    public void Load_SamplePhotos_HaveExpectedSizeAndChannels(string name, int width, int height, bool grayscale)
    {
        RgbImage image = RgbImage.Load(Samples.PathOf(name));

        Assert.Equal(width, image.Width);
        Assert.Equal(height, image.Height);
        Assert.Equal(width * height * 3, image.Pixels.Length);
        int unequal = CountPixelsWithUnequalChannels(image);
        if (grayscale)
        {
            Assert.Equal(0, unequal);
        }
        else
        {
            Assert.True(unequal > 0, $"{name} should carry colour.");
        }
    }

    [Fact]
    public void Load_Horse_TranslucentCornerKeepsItsStoredWhite_WhereMLImagePremultiplies()
    {
        // horse.png's top-left pixel is stored as (255, 255, 255) with alpha 110.
        using MLImage viaMl = MLImage.CreateFromFile(Samples.PathOf("horse.png"));

        RgbImage image = RgbImage.Load(Samples.PathOf("horse.png"));

        Assert.Equal(new byte[] { 255, 255, 255 }, image.Pixels[..3].ToArray());
        Assert.Equal(new byte[] { 110, 110, 110 }, RgbImage.FromMLImage(viaMl).Pixels[..3].ToArray());
        Assert.Equal(110, viaMl.Pixels[3]);
    }

    [Fact]
    public void Load_RgbaPng_DropsAlphaAndKeepsStoredColour()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("rgba.png", TestPng.Encode(3, 1, TestPng.Rgba, [200, 100, 50, 128, 10, 20, 30, 0, 1, 2, 3, 255]));

        RgbImage image = RgbImage.Load(path);

        Assert.Equal(new byte[] { 200, 100, 50, 10, 20, 30, 1, 2, 3 }, image.Pixels.ToArray());
    }

    [Fact]
    public void FromMLImage_OfLoadImagesOutput_IsPremultipliedBySkia()
    {
        // Documents why GlcicML decodes files itself: MLImage composites colour onto black by alpha.
        using var temp = new TempFolder();
        string path = temp.WriteBytes("rgba.png", TestPng.Encode(2, 1, TestPng.Rgba, [200, 100, 50, 128, 10, 20, 30, 0]));
        using MLImage ml = MLImage.CreateFromFile(path);

        RgbImage viaMl = RgbImage.FromMLImage(ml);

        Assert.Equal(new byte[] { 100, 50, 25, 0, 0, 0 }, viaMl.Pixels.ToArray());
        Assert.Equal(new byte[] { 200, 100, 50, 10, 20, 30 }, RgbImage.Load(path).Pixels.ToArray());
    }

    [Fact]
    public void Load_GrayPng_BecomesThreeEqualChannels()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("gray.png", TestPng.Encode(3, 2, TestPng.Gray, [0, 77, 255, 128, 1, 200]));

        RgbImage image = RgbImage.Load(path);

        Assert.Equal(new byte[] { 0, 0, 0, 77, 77, 77, 255, 255, 255, 128, 128, 128, 1, 1, 1, 200, 200, 200 }, image.Pixels.ToArray());
    }

    [Theory]
    [InlineData(MLPixelFormat.Rgba32)]
    [InlineData(MLPixelFormat.Bgra32)]
    public void FromMLImage_EitherPixelFormat_ReadsRgbInOrder(MLPixelFormat format)
    {
        byte[] four = format == MLPixelFormat.Rgba32 ? [10, 20, 30, 255, 40, 50, 60, 255] : [30, 20, 10, 255, 60, 50, 40, 255];
        using MLImage ml = MLImage.CreateFromPixels(2, 1, format, four);

        Assert.Equal(new byte[] { 10, 20, 30, 40, 50, 60 }, RgbImage.FromMLImage(ml).Pixels.ToArray());
    }

    [Fact]
    public void ToMLImage_RoundTrips_AndIsOpaque()
    {
        RgbImage image = Samples.Gradient(37, 23);

        using MLImage ml = image.ToMLImage();

        Assert.True(RgbImage.FromMLImage(ml).PixelsEqual(image));
        for (int i = 3; i < ml.Pixels.Length; i += 4)
        {
            Assert.Equal(255, ml.Pixels[i]);
        }
    }

    [Fact]
    public void Planar_RoundTrip_IsExact_AndMatchesExtractPixelsScaling()
    {
        RgbImage image = Samples.Gradient(31, 17, variant: 3);
        var planes = new float[image.PixelCount * 3];

        image.CopyToPlanar(planes);

        int pixel = (5 * 31) + 7;
        Assert.Equal(image.Pixels[pixel * 3] * (1f / 255f), planes[pixel]);
        Assert.Equal(image.Pixels[(pixel * 3) + 1] * (1f / 255f), planes[image.PixelCount + pixel]);
        Assert.Equal(image.Pixels[(pixel * 3) + 2] * (1f / 255f), planes[(2 * image.PixelCount) + pixel]);
        Assert.True(RgbImage.FromPlanar(planes, 31, 17).PixelsEqual(image));
    }

    [Fact]
    public void FromPlanar_ClampsRoundsAndMapsNaNToZero()
    {
        float[] planes = [-0.5f, 0.5f, float.NaN, 2f, 1f / 255f * 0.49f, 1f / 255f * 0.51f];

        RgbImage image = RgbImage.FromPlanar(planes, 2, 1);

        // Planes: R = [-0.5, 0.5], G = [NaN, 2], B = [0.49, 0.51] levels; interleaved per pixel.
        Assert.Equal(new byte[] { 0, 0, 0, 128, 255, 1 }, image.Pixels.ToArray());
    }

    [Fact]
    public void SaveAndLoad_Png_IsLossless_AndLeavesNoTemporaryFiles()
    {
        using var temp = new TempFolder();
        RgbImage image = Samples.Gradient(64, 48, variant: 5);
        string path = temp.Combine("nested", "out.png");

        image.Save(path);
        image.Save(path); // overwrite in place

        Assert.True(RgbImage.Load(path).PixelsEqual(image));
        Assert.Equal(["out.png"], Directory.GetFiles(temp.Combine("nested")).Select(Path.GetFileName));
    }

    [Fact]
    public void Save_Jpeg_IsCloseToTheOriginal()
    {
        using var temp = new TempFolder();
        RgbImage image = Samples.Gradient(64, 48);
        string path = temp.Combine("out.jpg");

        image.Save(path, quality: 95);
        RgbImage back = RgbImage.Load(path);

        double meanError = image.Pixels.ToArray().Zip(back.Pixels.ToArray(), (a, b) => Math.Abs(a - b)).Average();
        // A lossy codec on a synthetic pattern with hard wrap-around edges; photos do better.
        Assert.InRange(meanError, 0, 6);
    }

    [Fact]
    public void Save_UnknownExtension_SaysWhichAreSupported()
    {
        var e = Assert.Throws<ArgumentException>(() => Samples.Gradient(4, 4).Save("out.tiff"));

        Assert.Contains(".png", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPixels_WrongLength_NamesSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => RgbImage.FromPixels(2, 2, new byte[11]));

        Assert.Contains("2x2 needs 12 bytes, got 11", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneByOneImage_IsSupported()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("one.png", TestPng.Encode(1, 1, TestPng.Rgb, [9, 8, 7]));

        RgbImage image = RgbImage.Load(path);

        Assert.Equal(new byte[] { 9, 8, 7 }, image.Pixels.ToArray());
    }

    private static int CountPixelsWithUnequalChannels(RgbImage image)
    {
        int count = 0;
        ReadOnlySpan<byte> p = image.Pixels;
        for (int i = 0; i < p.Length; i += 3)
        {
            if (p[i] != p[i + 1] || p[i] != p[i + 2])
            {
                count++;
            }
        }

        return count;
    }
}
