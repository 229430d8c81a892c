using GlcicML.Imaging;
using GlcicML.Masks;
#if WITH_OPENCV
using OpenCvSharp;
#endif

namespace GlcicML.Benchmarks;

/// <summary>
/// OpenCV's Telea and normal seamless clone as the authors' code calls them, for side-by-side timing only. Compiled in
/// with <c>-p:WithOpenCv=true</c>; OpenCV is never a dependency of the product or of the tests.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Instance methods: holding an instance is the proof that OpenCV loaded.")]
internal sealed class OpenCvPostProcessing
{
    private OpenCvPostProcessing()
    {
    }

    /// <summary>An instance if OpenCV is compiled in and its native library loads; otherwise null and why.</summary>
    public static OpenCvPostProcessing? TryLoad(out string status)
    {
#if WITH_OPENCV
        try
        {
            status = $"OpenCV {Cv2.GetVersionString()}, {Cv2.GetNumThreads()} threads";
            return new OpenCvPostProcessing();
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            status = $"not loadable ({e.GetBaseException().Message}); on Debian/Ubuntu it needs apt-get install libgtk-3-0";
            return null;
        }
#else
        status = "not built in (run with -p:WithOpenCv=true after apt-get install libgtk-3-0 to compare in the same run)";
        return null;
#endif
    }

#if WITH_OPENCV
    /// <summary><c>cv::inpaint(composite, mask, 1, INPAINT_TELEA)</c>.</summary>
    public RgbImage Telea(RgbImage composite, InpaintingMask mask)
    {
        using Mat image = ToMat(composite), holes = ToMat(mask), result = new();
        Cv2.Inpaint(image, holes, result, 1, InpaintTypes.Telea);
        return FromMat(result);
    }

    /// <summary>Telea, then <c>cv::seamlessClone(composite, telea, mask, centre, NORMAL_CLONE)</c> with the centre that keeps both aligned.</summary>
    public RgbImage TeleaThenClone(RgbImage composite, InpaintingMask mask)
    {
        using Mat image = ToMat(composite), holes = ToMat(mask), background = new(), result = new();
        Cv2.Inpaint(image, holes, background, 1, InpaintTypes.Telea);
        Cv2.SeamlessClone(image, background, holes, AlignedCentre(mask), result, SeamlessCloneFlags.NormalClone);
        return FromMat(result);
    }

    /// <summary>The centre that makes OpenCV place the source box where it came from (holes inside the 1-pixel frame).</summary>
    private static Point AlignedCentre(InpaintingMask mask)
    {
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
        for (int y = 1; y < mask.Height - 1; y++)
        {
            for (int x = 1; x < mask.Width - 1; x++)
            {
                if (mask.IsHole(x, y))
                {
                    (minX, maxX, minY, maxY) = (Math.Min(minX, x), Math.Max(maxX, x), Math.Min(minY, y), y);
                }
            }
        }

        // OpenCV places the box at centre − size/2 with size = max − min + 1, so this centre puts it back at (min, min).
        return new Point(minX + ((maxX - minX + 1) / 2), minY + ((maxY - minY + 1) / 2));
    }

    // Channel order does not matter to either operation (both work per channel), so RGB goes in as it is.
    private static Mat ToMat(RgbImage image) => Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels.ToArray()).Clone();

    private static Mat ToMat(InpaintingMask mask) =>
        Mat.FromPixelData(mask.Height, mask.Width, MatType.CV_8UC1, mask.Values.ToArray().Select(v => v == 0 ? (byte)0 : (byte)255).ToArray()).Clone();

    private static RgbImage FromMat(Mat mat)
    {
        var pixels = new byte[mat.Rows * mat.Cols * 3];
        System.Runtime.InteropServices.Marshal.Copy(mat.Data, pixels, 0, pixels.Length);
        return RgbImage.FromPixels(mat.Cols, mat.Rows, pixels);
    }
#else
    public RgbImage Telea(RgbImage composite, InpaintingMask mask) => throw new NotSupportedException();

    public RgbImage TeleaThenClone(RgbImage composite, InpaintingMask mask) => throw new NotSupportedException();
#endif
}
