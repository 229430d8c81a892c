namespace GlcicML.Evaluation;

/// <summary>
/// Image-quality metrics between a result and the ground truth, over the whole image or over a region (the holes):
/// PSNR, SSIM and mean absolute error, on 8-bit RGB.
/// </summary>
public static class ImageMetrics
{
    private const double Peak = 255;
    private const int SsimRadius = 5; // 11×11 window
    private const double SsimSigma = 1.5;
    private const double C1 = (0.01 * Peak) * (0.01 * Peak);
    private const double C2 = (0.03 * Peak) * (0.03 * Peak);

    /// <summary>
    /// Peak signal-to-noise ratio in dB, 10·log10(255² / MSE), the MSE taken over every channel of the region's
    /// pixels. Identical regions give <see cref="double.PositiveInfinity"/>.
    /// </summary>
    /// <param name="result">The image to score.</param>
    /// <param name="truth">The ground truth, same size.</param>
    /// <param name="region">Pixels to score (1 = in); null for the whole image.</param>
    /// <exception cref="ArgumentException">Sizes differ, or the region is empty.</exception>
    public static double Psnr(RgbImage result, RgbImage truth, InpaintingMask? region = null)
    {
        double mse = Mean(result, truth, region, static d => d * d);
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(Peak * Peak / mse);
    }

    /// <summary>Mean absolute difference over every channel of the region's pixels, in [0, 1] (1 = 255 levels).</summary>
    /// <exception cref="ArgumentException">Sizes differ, or the region is empty.</exception>
    public static double MeanAbsoluteError(RgbImage result, RgbImage truth, InpaintingMask? region = null) =>
        Mean(result, truth, region, static d => Math.Abs(d)) / Peak;

    /// <summary>
    /// Sharpness relative to the truth: the gradient energy of the result over the region's pixels divided by the
    /// truth's, Σ|∇result|² / Σ|∇truth|², over forward differences between two pixels both inside the region (so the
    /// seam at the hole's edge does not count) and the three channels. 1 = as much fine detail as the truth; below 1
    /// blurrier (a flat fill gives 0); above 1 noisier.
    /// Pixel errors reward blur, so this is reported beside them. A flat truth region gives 1 if the result is flat
    /// there too, otherwise infinity.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes differ, or the region is empty.</exception>
    public static double Sharpness(RgbImage result, RgbImage truth, InpaintingMask? region = null)
    {
        Check(result, truth, region);
        double resultEnergy = GradientEnergy(result, region), truthEnergy = GradientEnergy(truth, region);
        return truthEnergy > 0 ? resultEnergy / truthEnergy : resultEnergy == 0 ? 1 : double.PositiveInfinity;
    }

    /// <summary>
    /// How coloured the region is: the mean over its pixels of (|R − G| + |G − B| + |B − R|) / 3, in 8-bit levels.
    /// 0 for gray pixels; the check that a model keeps a grayscale photo's holes gray.
    /// </summary>
    /// <exception cref="ArgumentException">The region is empty or of another size.</exception>
    public static double ChannelSpread(RgbImage image, InpaintingMask? region = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        Check(image, image, region);
        ReadOnlySpan<byte> p = image.Pixels;
        double sum = 0;
        long count = 0;
        for (int i = 0; i < image.PixelCount; i++)
        {
            if (region is not null && region.Values[i] == 0)
            {
                continue;
            }

            int r = p[3 * i], g = p[(3 * i) + 1], b = p[(3 * i) + 2];
            sum += (Math.Abs(r - g) + Math.Abs(g - b) + Math.Abs(b - r)) / 3.0;
            count++;
        }

        return sum / count;
    }

    /// <summary>Whether every pixel of the image is gray (R = G = B).</summary>
    public static bool IsGray(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ReadOnlySpan<byte> p = image.Pixels;
        for (int i = 0; i < p.Length; i += 3)
        {
            if (p[i] != p[i + 1] || p[i] != p[i + 2])
            {
                return false;
            }
        }

        return true;
    }

    private static double GradientEnergy(RgbImage image, InpaintingMask? region)
    {
        int width = image.Width, height = image.Height;
        ReadOnlySpan<byte> p = image.Pixels;
        ReadOnlySpan<byte> inside = region is null ? default : region.Values;
        double energy = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = (y * width) + x;
                if (region is not null && inside[i] == 0)
                {
                    continue;
                }

                for (int c = 0; c < 3; c++)
                {
                    int v = p[(3 * i) + c];
                    int dx = x + 1 < width && (region is null || inside[i + 1] != 0) ? p[(3 * (i + 1)) + c] - v : 0;
                    int dy = y + 1 < height && (region is null || inside[i + width] != 0) ? p[(3 * (i + width)) + c] - v : 0;
                    energy += (dx * dx) + (dy * dy);
                }
            }
        }

        return energy;
    }

    /// <summary>
    /// Structural similarity (Wang et al. 2004): the SSIM map with an 11×11 Gaussian window (σ = 1.5), K1 = 0.01,
    /// K2 = 0.03, computed per channel over the whole image (window reflected at the image border), then averaged over
    /// the region's pixels and the three channels. 1 for identical images.
    /// </summary>
    /// <exception cref="ArgumentException">Sizes differ, or the region is empty.</exception>
    public static double Ssim(RgbImage result, RgbImage truth, InpaintingMask? region = null)
    {
        Check(result, truth, region);
        int width = result.Width, height = result.Height, count = width * height;
        double[] kernel = GaussianKernel();
        var x = new double[count];
        var y = new double[count];
        var planes = new double[5][];
        double sum = 0;
        long samples = 0;
        for (int c = 0; c < 3; c++)
        {
            for (int p = 0; p < count; p++)
            {
                x[p] = result.Pixels[(3 * p) + c];
                y[p] = truth.Pixels[(3 * p) + c];
            }

            planes[0] = Blur(x, width, height, kernel, static (a, _) => a);
            planes[1] = Blur(x, width, height, kernel, static (_, b) => b, y);
            planes[2] = Blur(x, width, height, kernel, static (a, _) => a * a);
            planes[3] = Blur(x, width, height, kernel, static (_, b) => b * b, y);
            planes[4] = Blur(x, width, height, kernel, static (a, b) => a * b, y);
            for (int p = 0; p < count; p++)
            {
                if (region is not null && region.Values[p] == 0)
                {
                    continue;
                }

                double mx = planes[0][p], my = planes[1][p];
                double vx = planes[2][p] - (mx * mx), vy = planes[3][p] - (my * my), cov = planes[4][p] - (mx * my);
                sum += ((2 * mx * my) + C1) * ((2 * cov) + C2) / (((mx * mx) + (my * my) + C1) * (vx + vy + C2));
                samples++;
            }
        }

        return sum / samples;
    }

    private static double Mean(RgbImage result, RgbImage truth, InpaintingMask? region, Func<double, double> term)
    {
        Check(result, truth, region);
        double sum = 0;
        long samples = 0;
        ReadOnlySpan<byte> a = result.Pixels, b = truth.Pixels;
        for (int p = 0; p < result.Width * result.Height; p++)
        {
            if (region is not null && region.Values[p] == 0)
            {
                continue;
            }

            for (int c = 0; c < 3; c++)
            {
                sum += term(a[(3 * p) + c] - b[(3 * p) + c]);
            }

            samples += 3;
        }

        return sum / samples;
    }

    private static void Check(RgbImage result, RgbImage truth, InpaintingMask? region)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(truth);
        if (result.Width != truth.Width || result.Height != truth.Height)
        {
            throw new ArgumentException($"The result is {result.Width}x{result.Height} but the ground truth is {truth.Width}x{truth.Height}.");
        }

        if (region is not null && (!region.HasSizeOf(truth) || region.IsEmpty))
        {
            throw new ArgumentException(region.IsEmpty ? "The region to score is empty." : $"The region is {region.Width}x{region.Height} but the images are {truth.Width}x{truth.Height}.");
        }
    }

    private static double[] GaussianKernel()
    {
        var kernel = new double[(2 * SsimRadius) + 1];
        for (int i = -SsimRadius; i <= SsimRadius; i++)
        {
            kernel[i + SsimRadius] = Math.Exp(-(i * i) / (2 * SsimSigma * SsimSigma));
        }

        double total = kernel.Sum();
        return [.. kernel.Select(k => k / total)];
    }

    /// <summary>The Gaussian-weighted local mean of f(x, y), separable, with the window reflected at the border.</summary>
    private static double[] Blur(double[] x, int width, int height, double[] kernel, Func<double, double, double> f, double[]? y = null)
    {
        int count = width * height;
        var values = new double[count];
        for (int p = 0; p < count; p++)
        {
            values[p] = f(x[p], y is null ? 0 : y[p]);
        }

        var rows = new double[count];
        for (int r = 0; r < height; r++)
        {
            for (int c = 0; c < width; c++)
            {
                double s = 0;
                for (int k = -SsimRadius; k <= SsimRadius; k++)
                {
                    s += kernel[k + SsimRadius] * values[(r * width) + Reflect(c + k, width)];
                }

                rows[(r * width) + c] = s;
            }
        }

        var result = new double[count];
        for (int r = 0; r < height; r++)
        {
            for (int c = 0; c < width; c++)
            {
                double s = 0;
                for (int k = -SsimRadius; k <= SsimRadius; k++)
                {
                    s += kernel[k + SsimRadius] * rows[(Reflect(r + k, height) * width) + c];
                }

                result[(r * width) + c] = s;
            }
        }

        return result;
    }

    /// <summary>Reflects an index into [0, size) without repeating the edge (…, 2, 1, 0, 1, 2, …); sizes of 1 stay at 0.</summary>
    private static int Reflect(int i, int size)
    {
        if (size == 1)
        {
            return 0;
        }

        int period = 2 * (size - 1);
        i = ((i % period) + period) % period;
        return i < size ? i : period - i;
    }
}
