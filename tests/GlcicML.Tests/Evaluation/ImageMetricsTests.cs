using GlcicML.Evaluation;
using GlcicML.Imaging;
using GlcicML.Masks;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Tests.Evaluation;

public class ImageMetricsTests
{
    [Fact]
    public void IdenticalImages_GiveInfinitePsnr_SsimOne_L1Zero()
    {
        RgbImage image = RgbImage.Load(Samples.PathOf("coffee.png")).Resize(40, 30);

        Assert.Equal(double.PositiveInfinity, ImageMetrics.Psnr(image, image));
        Assert.Equal(1.0, ImageMetrics.Ssim(image, image), 12);
        Assert.Equal(0.0, ImageMetrics.MeanAbsoluteError(image, image));
    }

    [Fact]
    public void Sharpness_IsOneForTheTruth_ZeroForAFlatFill_BelowOneBlurred_AboveOneNoisy()
    {
        RgbImage truth = RgbImage.Load(Samples.PathOf("astronaut.png")).Resize(64, 48);
        var hole = InpaintingMask.FromRectangles(64, 48, [new PixelRectangle(10, 8, 30, 24)]);
        RgbImage flat = GlcicML.Filling.MeanColorFill.Apply(truth, hole, GlcicML.Filling.MeanColor.MidGray);
        RgbImage blurred = truth.Resize(16, 12).Resize(64, 48);
        byte[] noisy = truth.Pixels.ToArray();
        var random = new Random(3);
        for (int i = 0; i < noisy.Length; i++)
        {
            noisy[i] = (byte)Math.Clamp(noisy[i] + random.Next(-40, 41), 0, 255);
        }

        Assert.Equal(1, ImageMetrics.Sharpness(truth, truth, hole));
        Assert.Equal(0, ImageMetrics.Sharpness(flat, truth, hole));
        Assert.InRange(ImageMetrics.Sharpness(blurred, truth, hole), 0.05, 0.8);
        Assert.True(ImageMetrics.Sharpness(RgbImage.FromPixels(64, 48, noisy), truth, hole) > 1.5);
        RgbImage gray = RgbImage.Solid(8, 8, 90, 90, 90);
        Assert.Equal(1, ImageMetrics.Sharpness(gray, gray));
        Assert.Equal(double.PositiveInfinity, ImageMetrics.Sharpness(truth.Resize(8, 8), gray));
    }

    [Fact]
    public void ChannelSpread_IsZeroForGray_AndTheMeanChannelDifferenceOtherwise()
    {
        RgbImage gray = RgbImage.Solid(6, 4, 77, 77, 77);
        RgbImage tinted = RgbImage.Solid(6, 4, 80, 77, 71); // |3| + |6| + |9| over 3 = 6 levels
        var hole = InpaintingMask.FromRectangles(6, 4, [new PixelRectangle(1, 1, 2, 2)]);

        Assert.True(ImageMetrics.IsGray(gray));
        Assert.False(ImageMetrics.IsGray(tinted));
        Assert.Equal(0, ImageMetrics.ChannelSpread(gray));
        Assert.Equal(6, ImageMetrics.ChannelSpread(tinted, hole), 9);
    }

    [Fact]
    public void ConstantShift_GivesTheAnalyticValues()
    {
        var a = RgbImage.Solid(24, 16, 100, 100, 100);
        var b = RgbImage.Solid(24, 16, 110, 110, 110);

        // MSE 100: PSNR = 10·log10(255² / 100). SSIM of flat images is the luminance term alone.
        Assert.Equal(10 * Math.Log10(255.0 * 255 / 100), ImageMetrics.Psnr(a, b), 10);
        Assert.Equal(10.0 / 255, ImageMetrics.MeanAbsoluteError(a, b), 12);
        double c1 = 2.55 * 2.55;
        Assert.Equal(((2 * 100 * 110) + c1) / ((100 * 100) + (110 * 110) + c1), ImageMetrics.Ssim(a, b), 10);
    }

    [Fact]
    public void Region_ScoresOnlyItsPixels()
    {
        var truth = RgbImage.Solid(20, 10, 50, 60, 70);
        InpaintingMask hole = InpaintingMask.FromRectangles(20, 10, [new PixelRectangle(0, 0, 4, 5)]); // 20 of 200 pixels
        byte[] pixels = truth.Pixels.ToArray();
        for (int p = 0; p < hole.PixelCount; p++)
        {
            for (int c = 0; c < 3 && hole.Values[p] != 0; c++)
            {
                pixels[(3 * p) + c] += 20;
            }
        }

        var result = RgbImage.FromPixels(20, 10, pixels);

        Assert.Equal(10 * Math.Log10(255.0 * 255 / 400), ImageMetrics.Psnr(result, truth, hole), 10);
        Assert.Equal(10 * Math.Log10(255.0 * 255 / 40), ImageMetrics.Psnr(result, truth), 10);
        Assert.Equal(20.0 / 255, ImageMetrics.MeanAbsoluteError(result, truth, hole), 12);
        Assert.Equal(2.0 / 255, ImageMetrics.MeanAbsoluteError(result, truth), 12);
        Assert.Throws<ArgumentException>(() => ImageMetrics.Psnr(result, truth, InpaintingMask.Empty(20, 10)));
    }

    [Fact]
    public void Ssim_MatchesADirectWindowedComputation()
    {
        // An independent, unoptimised SSIM: the full 11×11 Gaussian window at every pixel, reflected at the border.
        RgbImage x = RgbImage.Load(Samples.PathOf("astronaut.png")).Resize(23, 17);
        RgbImage y = RgbImage.Load(Samples.PathOf("rocket.jpg")).Resize(23, 17);
        InpaintingMask region = InpaintingMask.FromRectangles(23, 17, [new PixelRectangle(3, 2, 9, 11)]);

        Assert.Equal(DirectSsim(x, y, region), ImageMetrics.Ssim(x, y, region), 9);
        Assert.InRange(ImageMetrics.Ssim(x, y), -1, 0.9);
    }

    private static double DirectSsim(RgbImage x, RgbImage y, InpaintingMask region)
    {
        int w = x.Width, h = x.Height;
        double total = 0;
        int n = 0;
        for (int c = 0; c < 3; c++)
        {
            for (int py = 0; py < h; py++)
            {
                for (int px = 0; px < w; px++)
                {
                    if (!region.IsHole(px, py))
                    {
                        continue;
                    }

                    double sw = 0, mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
                    for (int dy = -5; dy <= 5; dy++)
                    {
                        for (int dx = -5; dx <= 5; dx++)
                        {
                            double weight = Math.Exp(-((dx * dx) + (dy * dy)) / (2 * 1.5 * 1.5));
                            int qx = Reflect(px + dx, w), qy = Reflect(py + dy, h);
                            double a = x.Pixels[(((qy * w) + qx) * 3) + c], b = y.Pixels[(((qy * w) + qx) * 3) + c];
                            sw += weight;
                            mx += weight * a;
                            my += weight * b;
                            xx += weight * a * a;
                            yy += weight * b * b;
                            xy += weight * a * b;
                        }
                    }

                    (mx, my, xx, yy, xy) = (mx / sw, my / sw, xx / sw, yy / sw, xy / sw);
                    double c1 = 2.55 * 2.55, c2 = 7.65 * 7.65;
                    total += ((2 * mx * my) + c1) * ((2 * (xy - (mx * my))) + c2) / (((mx * mx) + (my * my) + c1) * (xx - (mx * mx) + yy - (my * my) + c2));
                    n++;
                }
            }
        }

        return total / n;
    }

    private static int Reflect(int i, int size) => i < 0 ? -i : i >= size ? (2 * (size - 1)) - i : i;
}
