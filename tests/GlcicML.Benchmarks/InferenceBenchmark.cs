using System.Diagnostics;
using System.Globalization;
using GlcicML.Filling;
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.Training.Export;
using GlcicML.Training.Networks;
using GlcicML.Training.Training;
using static TorchSharp.torch;

namespace GlcicML.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/GlcicML.Benchmarks -- inference [--sizes 256,512,1024] [--repeats 3] [--checkpoint file]</c>
/// <para>The completion network at the paper's width (random weights with settled batch-norm statistics, or a
/// trained checkpoint) through TorchSharp eager, ONNX Runtime fp32 and ONNX Runtime int8, interleaved in one run:
/// median ms per image, effective GFLOP/s from the analytic cost, ratios, int8's PSNR inside the holes against
/// fp32, and each engine's peak memory at the largest size (each in its own process).</para>
/// </summary>
internal static class InferenceBenchmark
{
    private static readonly Dictionary<int, double> s_gflop = new() { [256] = 65.1, [512] = 260.4, [1024] = 1041.7 };

    public static int Run(string[] args)
    {
        int[] sizes = Option(args, "--sizes", "256,512,1024").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int repeats = int.Parse(Option(args, "--repeats", "3"), CultureInfo.InvariantCulture);
        string? checkpoint = args.SkipWhile(a => a != "--checkpoint").Skip(1).FirstOrDefault();
        using CompletionNetwork network = BuildNetwork(checkpoint, out GlcicModelInfo info);
        string folder = Path.Combine(Path.GetTempPath(), "glcic-inference-benchmark");
        Directory.CreateDirectory(folder);
        string fp32Path = Path.Combine(folder, "fp32.onnx"), int8Path = Path.Combine(folder, "int8.onnx");
        File.WriteAllBytes(fp32Path, OnnxExporter.ToOnnx(network, info));
        File.WriteAllBytes(int8Path, Int8Quantizer.Quantize(FoldedLayer.From(network), info, Calibration(info)));
        using var fp32 = GlcicInpainter.Load(fp32Path);
        using var int8 = GlcicInpainter.Load(int8Path);
        Console.WriteLine($"completion network width {info.WidthMultiplier} ({(checkpoint is null ? "random weights, batch-norm statistics settled" : $"trained, {info.Iterations} iterations")}); " +
            $"torch threads {get_num_threads()}, ORT {fp32.ExecutionProvider}; median of {repeats}, engines interleaved");
        Console.WriteLine();
        Console.WriteLine("| size | TorchSharp eager ms | ORT fp32 ms | ORT int8 ms | GFLOP/s torch / fp32 / int8 | fp32 vs torch | int8 vs fp32 |");
        Console.WriteLine("| --- | ---: | ---: | ---: | --- | ---: | ---: |");
        foreach (int size in sizes)
        {
            float[] input = BenchmarkSupport.PhotoInput("astronaut.png", size, info.Mean, 1).Input;
            using Tensor tensorInput = tensor(input, [1, 4, size, size]);
            Action torchRun = () =>
            {
                using var noGrad = no_grad();
                using Tensor output = network.call(tensorInput);
            };
            Action fp32Run = () => fp32.Run(input, 1, size, size);
            Action int8Run = () => int8.Run(input, 1, size, size);
            torchRun();
            fp32Run();
            int8Run();
            var times = new List<double>[] { [], [], [] };
            for (int r = 0; r < repeats; r++)
            {
                times[0].Add(BenchmarkSupport.Seconds(torchRun));
                times[1].Add(BenchmarkSupport.Seconds(fp32Run));
                times[2].Add(BenchmarkSupport.Seconds(int8Run));
            }

            double[] median = [.. times.Select(BenchmarkSupport.Median)];
            double gflop = s_gflop.TryGetValue(size, out double g) ? g * info.WidthMultiplier * info.WidthMultiplier : double.NaN;
            Console.WriteLine($"| {size}² | {median[0] * 1000:F0} | {median[1] * 1000:F0} | {median[2] * 1000:F0} | " +
                $"{gflop / median[0]:F0} / {gflop / median[1]:F0} / {gflop / median[2]:F0} | {median[0] / median[1]:F2}× | {median[1] / median[2]:F2}× |");
        }

        Console.WriteLine();
        ReportInt8Quality(fp32, int8);
        int largest = sizes.Max();
        Console.WriteLine();
        Console.WriteLine($"Peak resident memory of a process running one {largest}² image (VmHWM, each engine in its own process):");
        foreach (string engine in new[] { "torch", "fp32", "int8" })
        {
            Console.WriteLine($"  {engine,-6} {ChildPeakMemory(engine, largest, engine == "int8" ? int8Path : fp32Path, checkpoint)}");
        }

        return 0;
    }

    /// <summary>Child process: run one engine once at one size, print the peak resident memory.</summary>
    public static int MeasureMemory(string[] args)
    {
        string engine = Option(args, "--engine", "fp32");
        int size = int.Parse(Option(args, "--size", "1024"), CultureInfo.InvariantCulture);
        string model = Option(args, "--model", string.Empty);
        string? checkpoint = args.SkipWhile(a => a != "--checkpoint").Skip(1).FirstOrDefault();
        double before = BenchmarkSupport.PeakResidentMegabytes();
        if (engine == "torch")
        {
            using CompletionNetwork network = BuildNetwork(checkpoint, out GlcicModelInfo info);
            float[] input = BenchmarkSupport.PhotoInput("astronaut.png", size, info.Mean, 1).Input;
            using var noGrad = no_grad();
            using Tensor output = network.call(tensor(input, [1, 4, size, size]));
        }
        else
        {
            using var inpainter = GlcicInpainter.Load(model);
            inpainter.Run(BenchmarkSupport.PhotoInput("astronaut.png", size, inpainter.Mean, 1).Input, 1, size, size);
        }

        Console.WriteLine($"{BenchmarkSupport.PeakResidentMegabytes():F0} MB (before the model: {before:F0} MB)");
        return 0;
    }

    private static void ReportInt8Quality(GlcicInpainter fp32, GlcicInpainter int8)
    {
        var psnr = new List<double>();
        foreach (string photo in ImageFiles.Find(BenchmarkSupport.SamplePhotos))
        {
            (RgbImage image, InpaintingMask mask, _) = BenchmarkSupport.PhotoInput(photo, 512, fp32.Mean, 2);
            psnr.Add(BenchmarkSupport.HolePsnr(fp32.Inpaint(image, mask), int8.Inpaint(image, mask), mask));
        }

        Console.WriteLine($"int8 against fp32 inside the holes at 512² over {psnr.Count} sample photos: PSNR median {BenchmarkSupport.Median(psnr):F1} dB, min {psnr.Min():F1} dB");
    }

    private static string ChildPeakMemory(string engine, int size, string model, string? checkpoint)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "inference-memory", "--engine", engine, "--size", size.ToString(CultureInfo.InvariantCulture), "--model", model },
        };
        if (checkpoint is not null)
        {
            start.ArgumentList.Add("--checkpoint");
            start.ArgumentList.Add(checkpoint);
        }

        using Process child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd().Trim();
        child.WaitForExit();
        return child.ExitCode == 0 ? output.Split('\n')[^1] : $"failed: {child.StandardError.ReadToEnd().Split('\n')[0]}";
    }

    /// <summary>A trained network from a checkpoint, or the paper's network (at <paramref name="width"/>) with random weights and settled batch-norm statistics.</summary>
    internal static CompletionNetwork BuildNetwork(string? checkpoint, out GlcicModelInfo info, double width = 1.0)
    {
        if (checkpoint is not null)
        {
            CheckpointInfo saved = TrainingCheckpoint.ReadInfo(checkpoint);
            var trained = new CompletionNetwork(saved.Options.WidthMultiplier);
            TrainingCheckpoint.LoadCompletion(checkpoint, trained);
            trained.eval();
            info = new GlcicModelInfo(1, saved.Mean, saved.Options.CropSize, saved.Options.MinHoleSize, saved.Options.MaxHoleSize, saved.Options.WidthMultiplier, saved.Iteration, "float32");
            return trained;
        }

        random.manual_seed(7);
        var network = new CompletionNetwork(width);
        network.train();
        using (no_grad())
        {
            for (int i = 0; i < 10; i++)
            {
                using Tensor warm = network.call(rand(2, 4, 64, 64));
            }
        }

        network.eval();
        info = new GlcicModelInfo(1, new MeanColor(0.47, 0.40, 0.39), 256, 96, 128, width, 0, "float32");
        return network;
    }

    private static List<CalibrationInput> Calibration(GlcicModelInfo info) =>
        [.. new[] { "astronaut.png", "coffee.png", "rocket.jpg", "grass.png" }.Select((name, i) => new CalibrationInput(BenchmarkSupport.PhotoInput(name, 256, info.Mean, (ulong)i).Input, 256, 256))];

    private static string Option(string[] args, string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
}
