using System.Globalization;
using GlcicML.Training.Data;
using GlcicML.Training.Training;

namespace GlcicML.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/GlcicML.Benchmarks -- training [--iterations 8]</c>
/// <para>Training throughput per phase on the sample photos (decoded, resized and cropped by the real data
/// pipeline) at 128² width 0.5 and 256² width 1.0, and the share of each iteration spent outside libtorch's
/// forward/backward: waiting for the data pipeline plus turning batches into tensors. Data preparation runs on a
/// background thread, so it only shows up here when it cannot keep up.</para>
/// </summary>
internal static class TrainingBenchmark
{
    public static int Run(string[] args)
    {
        int measured = int.Parse(args.SkipWhile(a => a != "--iterations").Skip(1).FirstOrDefault() ?? "8", CultureInfo.InvariantCulture);
        const int warmup = 2;
        Console.WriteLine($"sample photos as training data; median over {measured} iterations after {warmup} warm-up iterations per phase");
        Console.WriteLine();
        Console.WriteLine("| crop | width | batch | phase | images/s | outside forward/backward (data wait + tensor copy) |");
        Console.WriteLine("| --- | --- | --- | --- | ---: | ---: |");
        foreach ((int crop, double width, int batch) in new[] { (128, 0.5, 8), (256, 1.0, 4) })
        {
            foreach (TrainingPhase phase in Enum.GetValues<TrainingPhase>())
            {
                long total = warmup + measured;
                var options = new GlcicTrainingOptions
                {
                    CropSize = crop,
                    MinResize = crop,
                    MaxResize = crop * 3 / 2,
                    MinHoleSize = crop * 3 / 8,
                    MaxHoleSize = crop / 2,
                    LocalPatchSize = crop / 2,
                    WidthMultiplier = width,
                    BatchSize = batch,
                    CompletionIterations = phase == TrainingPhase.Completion ? total : 0,
                    DiscriminatorIterations = phase == TrainingPhase.Discriminator ? total : 0,
                    TotalIterations = total,
                    CheckpointEvery = 0,
                    MeanSampleSize = 6,
                };
                var reports = new List<TrainingProgress>();
                using var session = GlcicTrainingSession.Start(options, TrainingImages.FromFolder(BenchmarkSupport.SamplePhotos));
                TrainingSummary summary = session.Run(progress: new Collector(reports));
                List<TrainingProgress> steady = [.. reports.Skip(warmup)];
                double imagesPerSecond = BenchmarkSupport.Median(steady.Select(r => r.ImagesPerSecond));
                double outside = summary.DataWaitShare + summary.TensorCopyShare;
                Console.WriteLine($"| {crop}² | {width} | {batch} | {phase} | {imagesPerSecond:F2} | {outside:P1} (wait {BenchmarkSupport.Median(steady.Select(r => r.DataWaitShare)):P1} median) |");
            }
        }

        return 0;
    }

    private sealed class Collector(List<TrainingProgress> into) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => into.Add(value);
    }
}
