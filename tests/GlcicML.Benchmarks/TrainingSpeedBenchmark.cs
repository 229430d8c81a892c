using System.Globalization;
using GlcicML.Inference;
using GlcicML.Training.Data;
using GlcicML.Training.Export;
using GlcicML.Training.Native;
using GlcicML.Training.Networks;
using GlcicML.Training.Training;

namespace GlcicML.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/GlcicML.Benchmarks -- training-speed [--iterations 12] [--width 0.375] [--crop 128] [--batch 16] [--precisions fp32,bf16] [--rounds 2]</c>
/// <para>Completion-phase training throughput (crops/s and GFLOP/s) beside the CPU's FMA ceiling measured in the same
/// run, before and after, so the share of the peak holds on a noisy machine. A training step counts three times the
/// completion network's forward multiply-adds (forward, input gradient, weight gradient), two FLOPs each. Run it
/// once per layout: the default (channels-last) and with <c>GLCIC_ONEDNN_POLICY=off</c> (libtorch's NCHW path) or
/// <c>=cap</c> (oneDNN capped at SSE4.1).</para>
/// </summary>
internal static class TrainingSpeedBenchmark
{
    public static int Run(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        int measured = int.Parse(Arg("--iterations", "12"), CultureInfo.InvariantCulture);
        double width = double.Parse(Arg("--width", "0.375"), CultureInfo.InvariantCulture);
        int crop = int.Parse(Arg("--crop", "128"), CultureInfo.InvariantCulture), batch = int.Parse(Arg("--batch", "16"), CultureInfo.InvariantCulture);
        const int warmup = 3;

        string[] precisions = Arg("--precisions", "fp32,bf16").Split(',');
        int rounds = int.Parse(Arg("--rounds", "2"), CultureInfo.InvariantCulture);

        double peak1Before = FmaPeak.Measure(1), peakAllBefore = FmaPeak.Measure(Environment.ProcessorCount);
        var options = new GlcicTrainingOptions
        {
            CropSize = crop, MinResize = crop, MaxResize = crop * 3 / 2, MinHoleSize = crop * 3 / 16, MaxHoleSize = crop / 2, LocalPatchSize = crop / 2,
            WidthMultiplier = width, BatchSize = batch, CompletionIterations = warmup + measured, DiscriminatorIterations = 0,
            TotalIterations = warmup + measured, CheckpointEvery = 0, MeanSampleSize = 6,
        };

        // The precisions alternate, rounds times, so the machine's drift falls on each alike.
        var speeds = precisions.ToDictionary(p => p, _ => new List<double>());
        for (int round = 0; round < rounds; round++)
        {
            foreach (string precision in precisions)
            {
                var reports = new List<TrainingProgress>();
                using var session = GlcicTrainingSession.Start(
                    options with { Precision = precision == "bf16" ? ComputePrecision.BFloat16 : ComputePrecision.Float32 },
                    TrainingImages.FromFolder(BenchmarkSupport.SamplePhotos),
                    log: _ => { });
                session.Run(progress: new Collector(reports));
                speeds[precision].AddRange(reports.Skip(warmup).Select(r => r.ImagesPerSecond));
            }
        }

        // ONNX Runtime inference of the same network on the same batch shape: the forward pass alone, for scale.
        double inferenceSeconds;
        using (var network = new CompletionNetwork(width))
        {
            network.eval();
            GlcicModelInfo info = OnnxExporter.ModelInfo(options, new GlcicML.Filling.MeanColor(0.5f, 0.5f, 0.5f), 0);
            using var inpainter = GlcicInpainter.FromBytes(OnnxExporter.ToOnnx(network, info));
            float[] input = new float[batch * 4 * crop * crop];
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = (i % 97) / 97f;
            }

            inpainter.Run(input, batch, crop, crop);
            inferenceSeconds = BenchmarkSupport.Median(Enumerable.Range(0, 5).Select(_ => BenchmarkSupport.Seconds(() => inpainter.Run(input, batch, crop, crop))));
        }

        double peakAllAfter = FmaPeak.Measure(Environment.ProcessorCount);
        double flopsPerCrop = 3 * 2 * ForwardMultiplyAdds(CompletionNetworkSpec.Layers(width), crop);
        double peak = (peakAllBefore + peakAllAfter) / 2;
        Console.WriteLine($"layout: {OneDnnPolicy.Report}; the CPU {(CpuFeatures.HasBFloat16 == true ? "has" : "lacks")} AVX512_BF16; {NativeHeap.KeepFreedMemory()}");
        Console.WriteLine($"FMA ceiling: {peak1Before:F0} GFLOP/s on 1 thread, {peakAllBefore:F0} before / {peakAllAfter:F0} after on {Environment.ProcessorCount} threads");
        Console.WriteLine($"median of {rounds} x {measured} iterations per precision, after {warmup} warm-up iterations each, precisions alternating");
        Console.WriteLine();
        Console.WriteLine("| crop | width | batch | convolutions | crops/s | ms/crop | GFLOP/crop | GFLOP/s (fp32-equivalent) | share of the fp32 FMA ceiling | vs fp32 |");
        Console.WriteLine("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        double? fp32Speed = speeds.TryGetValue("fp32", out List<double>? f) ? BenchmarkSupport.Median(f) : null;
        foreach (string precision in precisions)
        {
            double cropsPerSecond = BenchmarkSupport.Median(speeds[precision]);
            double gflops = cropsPerSecond * flopsPerCrop / 1e9;
            string ratio = fp32Speed is double baseline ? $"{cropsPerSecond / baseline:F2}x" : "-";
            Console.WriteLine($"| {crop}² | {width} | {batch} | {precision} | {cropsPerSecond:F1} | {1000 / cropsPerSecond:F1} | {flopsPerCrop / 1e9:F2} | {gflops:F0} | {gflops / peak:P0} | {ratio} |");
        }

        double inferenceGflops = flopsPerCrop / 3 * batch / inferenceSeconds / 1e9;
        Console.WriteLine($"| {crop}² | {width} | {batch} | ONNX Runtime fp32 inference (forward only) | {batch / inferenceSeconds:F1} | {inferenceSeconds * 1000 / batch:F1} | {flopsPerCrop / 3e9:F2} | {inferenceGflops:F0} | {inferenceGflops / peak:P0} | - |");

        return 0;
    }

    /// <summary>Multiply-adds of one forward pass on a <paramref name="size"/>² input.</summary>
    internal static double ForwardMultiplyAdds(IReadOnlyList<LayerSpec> layers, int size)
    {
        double total = 0;
        foreach (LayerSpec layer in layers)
        {
            int output = layer.Transposed ? size * layer.Stride : ((size - 1) / layer.Stride) + 1;
            int positions = layer.Transposed ? size : output; // a transposed layer spreads each input pixel over k² outputs
            total += (double)layer.InChannels * layer.OutChannels * layer.Kernel * layer.Kernel * positions * positions;
            size = output;
        }

        return total;
    }

    private sealed class Collector(List<TrainingProgress> into) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => into.Add(value);
    }
}
