using System.Globalization;
using GlcicML.Imaging;
using GlcicML.Masks;
using GlcicML.PostProcessing;

namespace GlcicML.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/GlcicML.Benchmarks -- postprocess [--repeats 10] [--quick]</c>
/// <para>Median ms per case of Telea (radius 1) and of Telea + Poisson blend, on the OpenCV fixture cases (cropped as
/// the tests hold them) and on full-size sample photos with generated holes. Built with
/// <c>-p:WithOpenCv=true</c> (which needs OpenCvSharp4's Linux runtime and so <c>apt-get install libgtk-3-0</c>), the
/// same run also times OpenCV 4.13's <c>inpaint</c> and <c>inpaint</c> + <c>seamlessClone</c> on the same inputs,
/// interleaved with ours, and reports how far apart the outputs are. <c>--quick</c> (for the smoke test) runs the
/// fixture cases once, without warm-up.</para>
/// </summary>
internal static class PostProcessingBenchmark
{
    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        int repeats = quick ? 1 : int.Parse(Option(args, "--repeats", "10"), CultureInfo.InvariantCulture);
        OpenCvPostProcessing? opencv = OpenCvPostProcessing.TryLoad(out string opencvStatus);
        Console.WriteLine($"median of {repeats} after warm-up, implementations interleaved; {Environment.ProcessorCount} cores; OpenCV: {opencvStatus}");
        Console.WriteLine();
        Console.WriteLine(opencv is null
            ? "| case | size | hole % | Telea r=1 ms | Telea + blend ms |\n| --- | --- | ---: | ---: | ---: |"
            : "| case | size | hole % | Telea r=1 ms ours / OpenCV | Telea + blend ms ours / OpenCV | speed-up Telea / both | hole mean abs diff Telea / both |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        if (!quick)
        {
            WarmUp();
        }

        foreach ((string name, RgbImage composite, InpaintingMask mask) in quick ? Cases().Where(c => c.Name.StartsWith("fixture", StringComparison.Ordinal)) : Cases())
        {
            Func<RgbImage> teleaOurs = () => TeleaInpainting.Inpaint(composite, mask, 1);
            Func<RgbImage> bothOurs = () => InpaintingPostProcessor.Apply(composite, mask, PostProcessingOptions.Default);
            Func<RgbImage>? teleaCv = opencv is null ? null : () => opencv.Telea(composite, mask);
            Func<RgbImage>? bothCv = opencv is null ? null : () => opencv.TeleaThenClone(composite, mask);
            Func<RgbImage>?[] runs = [teleaOurs, bothOurs, teleaCv, bothCv];
            var times = runs.Select(_ => new List<double>()).ToArray();
            for (int r = -1; r < repeats; r++)
            {
                for (int i = 0; i < runs.Length; i++)
                {
                    if (runs[i] is { } run)
                    {
                        double seconds = BenchmarkSupport.Seconds(() => run());
                        if (r >= 0)
                        {
                            times[i].Add(seconds);
                        }
                    }
                }
            }

            string Ms(int i) => BenchmarkSupport.Format(BenchmarkSupport.Median(times[i]) * 1000);
            string size = $"{composite.Width}×{composite.Height}";
            string holes = BenchmarkSupport.Format(100 * mask.HoleFraction, "F0");
            if (opencv is null)
            {
                Console.WriteLine($"| {name} | {size} | {holes} | {Ms(0)} | {Ms(1)} |");
                continue;
            }

            string Ratio(int ours, int theirs) => BenchmarkSupport.Format(BenchmarkSupport.Median(times[theirs]) / BenchmarkSupport.Median(times[ours]), "F2") + "×";
            string teleaDiff = BenchmarkSupport.Format(MeanHoleDifference(teleaOurs(), teleaCv!(), mask), "F2");
            string bothDiff = BenchmarkSupport.Format(MeanHoleDifference(bothOurs(), bothCv!(), mask), "F2");
            Console.WriteLine($"| {name} | {size} | {holes} | {Ms(0)} / {Ms(2)} | {Ms(1)} / {Ms(3)} | {Ratio(0, 2)} / {Ratio(1, 3)} | {teleaDiff} / {bothDiff} |");
        }

        return 0;
    }

    /// <summary>
    /// Runs ours often enough on small cases for the JIT to replace its quick first compilation with optimised code
    /// (after 30 calls and a short delay), then once on every case, so the table measures the steady state a batch
    /// job runs in.
    /// </summary>
    private static void WarmUp()
    {
        var cases = Cases().ToList();
        for (int round = 0; round < 5; round++)
        {
            foreach ((_, RgbImage composite, InpaintingMask mask) in round < 4 ? cases.Take(2) : cases)
            {
                for (int i = 0; i < (round < 4 ? 25 : 1); i++)
                {
                    TeleaInpainting.Inpaint(composite, mask, 1);
                    InpaintingPostProcessor.Apply(composite, mask, PostProcessingOptions.Default);
                }
            }

            Thread.Sleep(300);
        }
    }

    /// <summary>The OpenCV fixture cases as the tests hold them, then full-size sample photos with the authors' holes and with strokes.</summary>
    private static IEnumerable<(string Name, RgbImage Composite, InpaintingMask Mask)> Cases()
    {
        string fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "opencv");
        foreach (string folder in Directory.EnumerateDirectories(fixtures).Order(StringComparer.Ordinal))
        {
            yield return ($"fixture {Path.GetFileName(folder)}", RgbImage.Load(Path.Combine(folder, "composite.png")), InpaintingMask.Load(Path.Combine(folder, "mask.png")));
        }

        ulong seed = 1;
        foreach (string photo in new[] { "astronaut.png", "coffee.png", "rocket.jpg", "grass.png" })
        {
            RgbImage image = RgbImage.Load(Path.Combine(BenchmarkSupport.SamplePhotos, photo));
            foreach ((string kind, MaskGeneratorOptions options) in new[] { ("rects", MaskGeneratorOptions.AuthorsInference), ("strokes", MaskGeneratorOptions.FreeFormStrokes) })
            {
                InpaintingMask mask = MaskGenerator.Generate(image.Width, image.Height, options, seed++);
                yield return ($"{Path.GetFileNameWithoutExtension(photo)} {kind}", StandInComposite(image, mask), mask);
            }
        }
    }

    /// <summary>The photo outside the holes; inside, a blurred and colour-shifted copy, standing in for a network's output with a seam.</summary>
    private static RgbImage StandInComposite(RgbImage image, InpaintingMask mask)
    {
        RgbImage blurred = image.Resize(Math.Max(1, image.Width / 4), Math.Max(1, image.Height / 4)).Resize(image.Width, image.Height);
        byte[] pixels = image.Pixels.ToArray();
        ReadOnlySpan<byte> inside = blurred.Pixels;
        int[] shift = [22, 6, -12];
        for (int p = 0; p < mask.PixelCount; p++)
        {
            for (int c = 0; c < 3 && mask.Values[p] != 0; c++)
            {
                pixels[(3 * p) + c] = (byte)Math.Clamp(inside[(3 * p) + c] + shift[c], 0, 255);
            }
        }

        return RgbImage.FromPixels(image.Width, image.Height, pixels);
    }

    private static double MeanHoleDifference(RgbImage a, RgbImage b, InpaintingMask mask)
    {
        long sum = 0, count = 0;
        for (int p = 0; p < mask.PixelCount; p++)
        {
            for (int c = 0; c < 3 && mask.Values[p] != 0; c++)
            {
                sum += Math.Abs(a.Pixels[(3 * p) + c] - b.Pixels[(3 * p) + c]);
                count++;
            }
        }

        return (double)sum / Math.Max(1, count);
    }

    private static string Option(string[] args, string name, string fallback) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
}
