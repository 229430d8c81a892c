using BenchmarkDotNet.Running;

namespace GlcicML.Benchmarks;

/// <summary>
/// Benchmarks. Short operations use BenchmarkDotNet:
/// <c>dotnet run -c Release --project tests/GlcicML.Benchmarks -- --filter '*'</c> (add <c>--job short</c> for a quick run).
/// Multi-second ones are commands that run the engines interleaved in one process and report medians and ratios:
/// <c>-- inference</c>, <c>-- training</c>, <c>-- training-speed</c>, <c>-- training-profile</c>, <c>-- postprocess</c>, <c>-- batch</c>, <c>-- batch-memory</c> (see each class).
/// </summary>
internal static class Program
{
    public static int Main(string[] args) => args.FirstOrDefault() switch
    {
        "inference" => InferenceBenchmark.Run(args[1..]),
        "inference-memory" => InferenceBenchmark.MeasureMemory(args[1..]),
        "training" => TrainingBenchmark.Run(args[1..]),
        "training-speed" => TrainingSpeedBenchmark.Run(args[1..]),
        "training-profile" => TrainingProfileBenchmark.Run(args[1..]),
        "postprocess" => PostProcessingBenchmark.Run(args[1..]),
        "batch" => BatchBenchmark.Run(args[1..]),
        "batch-memory" => BatchBenchmark.Memory(args[1..]),
        "batch-memory-run" => BatchBenchmark.MemoryRun(args[1..]),
        _ => RunBenchmarkDotNet(args),
    };

    private static int RunBenchmarkDotNet(string[] args)
    {
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
