using System.Diagnostics;
using System.Globalization;
using GlcicML.Filling;
using GlcicML.Imaging;
using GlcicML.Masks;

namespace GlcicML.Benchmarks;

/// <summary>Helpers shared by the benchmark commands.</summary>
internal static class BenchmarkSupport
{
    public static string SamplePhotos => Path.Combine(AppContext.BaseDirectory, "SamplePhotos");

    /// <summary>Median of measured seconds.</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Seconds(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>The process's peak resident memory (VmHWM) in MB, from /proc on Linux; NaN elsewhere.</summary>
    public static double PeakResidentMegabytes() => ProcStatusMegabytes("VmHWM:");

    /// <summary>The process's resident memory now (VmRSS) in MB, from /proc on Linux; NaN elsewhere.</summary>
    public static double ResidentMegabytes() => ProcStatusMegabytes("VmRSS:");

    private static double ProcStatusMegabytes(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return double.NaN;
        }

        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>A sample photo resized to size×size with the authors' inference holes, and the mean-filled network input.</summary>
    public static (RgbImage Image, InpaintingMask Mask, float[] Input) PhotoInput(string name, int size, MeanColor mean, ulong seed)
    {
        RgbImage image = RgbImage.Load(Path.Combine(SamplePhotos, name)).Resize(size, size);
        var holes = new MaskGeneratorOptions { MinHoleSize = size / 8, MaxHoleSize = size / 4, MinHoleCount = 2, MaxHoleCount = 4 };
        InpaintingMask mask = MaskGenerator.Generate(size, size, holes, seed);
        return (image, mask, MeanColorFill.CreateNetworkInput(image, mask, mean));
    }

    /// <summary>Peak signal-to-noise ratio (dB) between two images over the hole pixels.</summary>
    public static double HolePsnr(RgbImage a, RgbImage b, InpaintingMask mask)
    {
        double sum = 0;
        long count = 0;
        for (int p = 0; p < mask.PixelCount; p++)
        {
            if (mask.Values[p] == 0)
            {
                continue;
            }

            for (int c = 0; c < 3; c++)
            {
                double d = a.Pixels[(3 * p) + c] - b.Pixels[(3 * p) + c];
                sum += d * d;
                count++;
            }
        }

        double mse = sum / Math.Max(1, count);
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    public static string Format(double value, string format = "F1") => value.ToString(format, CultureInfo.InvariantCulture);
}
