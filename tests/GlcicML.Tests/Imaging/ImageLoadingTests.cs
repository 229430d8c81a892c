using GlcicML.Imaging;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Tests.Imaging;

public class ImageLoadingTests
{
    [Fact]
    public void Load_MissingFile_IsNotFound_AndNamesThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), "glcic-no-such-dir", "missing.png");

        var e = Assert.Throws<ImageLoadException>(() => RgbImage.Load(path));

        Assert.Equal(ImageLoadFailure.NotFound, e.Reason);
        Assert.Equal(path, e.SourceName);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ZeroByteFile_IsEmpty()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("empty.png", []);

        var e = Assert.Throws<ImageLoadException>(() => RgbImage.Load(path));

        Assert.Equal(ImageLoadFailure.Empty, e.Reason);
        Assert.Contains("empty.png", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TextFileNamedPng_IsNotAnImage()
    {
        using var temp = new TempFolder();
        string path = temp.WriteBytes("notes.png", "just some text, not pixels"u8.ToArray());

        var e = Assert.Throws<ImageLoadException>(() => RgbImage.Load(path));

        Assert.Equal(ImageLoadFailure.NotAnImage, e.Reason);
        Assert.Contains("PNG, JPEG", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("astronaut.png")]
    [InlineData("rocket.jpg")]
    public void Load_TruncatedFile_IsTruncated_NotAPartialImage(string sample)
    {
        using var temp = new TempFolder();
        byte[] bytes = File.ReadAllBytes(Samples.PathOf(sample));
        string path = temp.WriteBytes("cut" + Path.GetExtension(sample), bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<ImageLoadException>(() => RgbImage.Load(path));

        Assert.Equal(ImageLoadFailure.Truncated, e.Reason);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PngWithGarbageAfterSignature_IsCorrupt()
    {
        using var temp = new TempFolder();
        byte[] bytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        string path = temp.WriteBytes("bad.png", bytes);

        var e = Assert.Throws<ImageLoadException>(() => RgbImage.Load(path));

        Assert.Equal(ImageLoadFailure.Corrupt, e.Reason);
        Assert.Contains("starts like a PNG", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HugeDeclaredSize_IsRefusedFromTheHeader()
    {
        using var temp = new TempFolder();
        // 40,000 x 40,000 = 1.6 GP declared in a file of a few dozen bytes: a decompression bomb.
        string path = temp.WriteBytes("bomb.png", TestPng.HeaderOnly(40_000, 40_000));
        long before = GC.GetTotalAllocatedBytes(precise: true);

        var e = Assert.Throws<ImageLoadException>(() => RgbImage.Load(path));

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(ImageLoadFailure.TooLarge, e.Reason);
        Assert.Contains("40000x40000", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 10_000_000, $"Refusing the file allocated {allocated} bytes; the pixels must not be allocated.");
    }

    [Fact]
    public void Load_OverConfiguredBudget_IsTooLarge_AndSaysHowToRaiseIt()
    {
        var e = Assert.Throws<ImageLoadException>(() => RgbImage.Load(Samples.PathOf("astronaut.png"), new ImageReadOptions { MaxPixels = 100_000 }));

        Assert.Equal(ImageLoadFailure.TooLarge, e.Reason);
        Assert.Contains("MaxPixels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_JpegWithExifOrientation_IsRotatedAsViewersShowIt()
    {
        using var temp = new TempFolder();
        RgbImage leftRedRightBlue = HalfAndHalf(30, 20);
        string path = temp.WriteBytes("rotated.jpg", TestJpeg.WithExifOrientation(TestJpeg.Encode(leftRedRightBlue), orientation: 6));

        RgbImage shown = RgbImage.Load(path);
        RgbImage stored = RgbImage.Load(path, new ImageReadOptions { ApplyExifOrientation = false });

        Assert.Equal((30, 20), (stored.Width, stored.Height));
        Assert.Equal((20, 30), (shown.Width, shown.Height));
        // Orientation 6 = rotate 90° clockwise: the stored left (red) ends up on top.
        Assert.True(shown.Pixels[((5 * 20) + 10) * 3] > 200, "top should be red");
        Assert.True(shown.Pixels[(((25 * 20) + 10) * 3) + 2] > 200, "bottom should be blue");
    }

    private static RgbImage HalfAndHalf(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                pixels[(((y * width) + x) * 3) + (x < width / 2 ? 0 : 2)] = 255;
            }
        }

        return RgbImage.FromPixels(width, height, pixels);
    }
}
