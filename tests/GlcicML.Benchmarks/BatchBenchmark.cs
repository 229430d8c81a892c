using System.Globalization;
using GlcicML.Batch;
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.PostProcessing;
using GlcicML.Training.Export;
using GlcicML.Training.Networks;

namespace GlcicML.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/GlcicML.Benchmarks -- batch [--widths 1.0,0.25] [--images 12] [--repeats 2]</c>
/// <para>End-to-end batch inpainting of a folder of 512² photos (decode, masks, fill, batched inference, encode, with
/// and without post-processing, through <see cref="BatchInpainting"/>) against the model alone on the same images
/// and masks, already decoded: images/s and the ratio, alternating in one run.</para>
/// <para><c>-- batch-memory [--images 10000] [--size 48]</c>: one run over many small images, printing resident
/// memory after every tenth of them and the peak, to show memory does not grow with the dataset.</para>
/// </summary>
internal static class BatchBenchmark
{
    public static int Run(string[] args)
    {
        double[] widths = [.. Option(args, "--widths", "1.0,0.25").Split(',').Select(w => double.Parse(w, CultureInfo.InvariantCulture))];
        int count = int.Parse(Option(args, "--images", "12"), CultureInfo.InvariantCulture);
        int repeats = int.Parse(Option(args, "--repeats", "2"), CultureInfo.InvariantCulture);
        string folder = Path.Combine(Path.GetTempPath(), "glcic-batch-benchmark");
        string input = Photos(Path.Combine(folder, "in"), count, 512);
        MaskSource masks = MaskSource.Generated(MaskGeneratorOptions.AuthorsInference, 1);
        Console.WriteLine($"{count} photos of 512², authors' holes, batch size 8, {Environment.ProcessorCount} cores; medians of {repeats}, runs alternating");
        Console.WriteLine();
        Console.WriteLine("| width | model only img/s | end to end img/s (share) | end to end + post-processing img/s (share) |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (double width in widths)
        {
            using var inpainter = GlcicInpainter.Load(Model(folder, width));
            List<(RgbImage Image, InpaintingMask Mask)> decoded = [.. ImageInput.Find(input).Select(i => { var image = RgbImage.Load(i.FullPath); return (image, masks.MaskFor(i, image)); })];
            var options = new BatchInpaintingOptions { Input = input, Output = Path.Combine(folder, "out"), Masks = masks, Redo = true };
            Func<double>[] runs =
            [
                () => count / BenchmarkSupport.Seconds(() => inpainter.Inpaint([.. decoded.Select(d => d.Image)], [.. decoded.Select(d => d.Mask)])),
                () => Check(BatchInpainting.Run(inpainter, options)).ImagesPerSecond,
                () => Check(BatchInpainting.Run(inpainter, options with { PostProcessing = PostProcessingOptions.Default })).ImagesPerSecond,
            ];
            runs[0]();
            var rates = runs.Select(_ => new List<double>()).ToArray();
            for (int r = 0; r < repeats; r++)
            {
                for (int i = 0; i < runs.Length; i++)
                {
                    rates[i].Add(runs[i]());
                }
            }

            double[] median = [.. rates.Select(BenchmarkSupport.Median)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {width} | {median[0]:F2} | {median[1]:F2} ({median[1] / median[0]:P0}) | {median[2]:F2} ({median[2] / median[0]:P0}) |"));
        }

        return 0;
    }

    /// <summary>
    /// Prepares the images and the model, then measures in child processes that load only ONNX Runtime (not libtorch,
    /// used to make the model) and run with the glcic tool's runtime settings: one run over a thousand images, one over
    /// all of them.
    /// </summary>
    public static int Memory(string[] args)
    {
        int count = int.Parse(Option(args, "--images", "10000"), CultureInfo.InvariantCulture);
        int size = int.Parse(Option(args, "--size", "48"), CultureInfo.InvariantCulture);
        string folder = Path.Combine(Path.GetTempPath(), "glcic-batch-memory");
        string model = Model(folder, 0.25);
        foreach (int n in new[] { Math.Min(1000, count), count }.Distinct())
        {
            string input = Photos(Path.Combine(folder, $"in-{n}-{size}"), n, size);
            var start = new System.Diagnostics.ProcessStartInfo(Environment.ProcessPath!) { ArgumentList = { "batch-memory-run", input, model, Path.Combine(folder, "out"), size.ToString(CultureInfo.InvariantCulture) } };
            start.Environment["DOTNET_TieredPGO"] = "0"; // as the glcic tool runs (its runtimeconfig turns dynamic PGO off)
            using System.Diagnostics.Process child = System.Diagnostics.Process.Start(start)!;
            child.WaitForExit();
            if (child.ExitCode != 0)
            {
                return child.ExitCode;
            }

            Console.WriteLine();
        }

        return 0;
    }

    /// <summary>Child process of <see cref="Memory"/>: one batch run, resident memory after every tenth of the images.</summary>
    public static int MemoryRun(string[] args)
    {
        (string input, string model, string output, int size) = (args[0], args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
        using var inpainter = GlcicInpainter.Load(model);
        var holes = new MaskGeneratorOptions { MinHoleSize = size / 8, MaxHoleSize = size / 3, MinHoleCount = 1, MaxHoleCount = 3 };
        var options = new BatchInpaintingOptions { Input = input, Output = output, Masks = MaskSource.Generated(holes, 1), PostProcessing = PostProcessingOptions.Default, Redo = true };
        int count = ImageFiles.Find(input).Count;
        var samples = new List<(int Done, double Megabytes, double Managed)>();
        int done = 0;
        Console.WriteLine($"{count:N0} images of {size}², width-0.25 model, post-processing on, one process; memory as the run goes:");
        BatchReport report = Check(BatchInpainting.Run(inpainter, options, _ =>
        {
            if (++done % Math.Max(1, count / 10) == 0)
            {
                // Managed memory that survived the last collection: retained data, apart from the collector's slack.
                GCMemoryInfo gc = GC.GetGCMemoryInfo();
                double managed = (gc.HeapSizeBytes - gc.FragmentedBytes) / 1048576.0;
                samples.Add((done, BenchmarkSupport.ResidentMegabytes(), managed));
            }
        }));
        Console.WriteLine();
        Console.WriteLine("| images done | resident MB (VmRSS) | managed MB after last GC |");
        Console.WriteLine("| ---: | ---: | ---: |");
        foreach ((int n, double mb, double managed) in samples)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {n:N0} | {mb:F0} | {managed:F1} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"growth from {samples[0].Done:N0} to {samples[^1].Done:N0} images: {(samples[^1].Megabytes / samples[0].Megabytes) - 1:P1}; peak (VmHWM) {BenchmarkSupport.PeakResidentMegabytes():F0} MB; {report.ImagesPerSecond:F0} images/s"));
        return 0;
    }

    private static BatchReport Check(BatchReport report) =>
        report.Succeeded ? report : throw new InvalidOperationException($"the benchmark run skipped {report.Failures.Count} images: {report.Failures[0].Message}");

    /// <summary>The paper's network at this width with random weights (settled batch norm), exported once to fp32 ONNX.</summary>
    private static string Model(string folder, double width)
    {
        string path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"width-{width}.onnx"));
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(folder);
            using CompletionNetwork network = InferenceBenchmark.BuildNetwork(null, out GlcicModelInfo info, width);
            File.WriteAllBytes(path, OnnxExporter.ToOnnx(network, info));
        }

        return path;
    }

    /// <summary>A folder of <paramref name="count"/> size² photos made from the sample photos (crops, flips and tints, so no two are alike), made once.</summary>
    private static string Photos(string folder, int count, int size)
    {
        if (Directory.Exists(folder) && ImageFiles.Find(folder).Count == count)
        {
            return folder;
        }

        RgbImage[] sources = [.. ImageFiles.Find(BenchmarkSupport.SamplePhotos).Select(p => RgbImage.Load(Path.Combine(BenchmarkSupport.SamplePhotos, p)).Resize(size * 2, size * 2))];
        for (int i = 0; i < count; i++)
        {
            RgbImage source = sources[i % sources.Length];
            int x = (i * 7) % size, y = (i * 13) % size;
            byte tint = (byte)(i / sources.Length % 32);
            byte[] pixels = new byte[size * size * 3];
            for (int row = 0; row < size; row++)
            {
                source.Pixels.Slice((((y + row) * source.Width) + x) * 3, size * 3).CopyTo(pixels.AsSpan(row * size * 3));
            }

            for (int p = 0; p < pixels.Length; p++)
            {
                pixels[p] = (byte)Math.Min(255, pixels[p] + tint);
            }

            RgbImage.FromPixels(size, size, pixels).Save(Path.Combine(folder, $"{i / 1000:D2}", $"photo{i:D5}.png"));
        }

        return folder;
    }

    private static string Option(string[] args, string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
}
