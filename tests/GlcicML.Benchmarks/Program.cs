using BenchmarkDotNet.Running;

namespace GlcicML.Benchmarks;

/// <summary>
/// Runs the benchmarks: <c>dotnet run -c Release --project tests/GlcicML.Benchmarks -- --filter '*'</c>
/// (BenchmarkDotNet's usual arguments; add <c>--job short</c> for a quick run).
/// </summary>
internal static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
