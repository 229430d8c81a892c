using System.Reflection;
using BenchmarkDotNet.Attributes;
using GlcicML.Benchmarks;

namespace GlcicML.Training.Tests.Benchmarks;

/// <summary>Runs every benchmark method once on a small size, so benchmarks cannot rot unnoticed (timings are not checked here).</summary>
public class BenchmarkSmokeTests
{
    [Fact]
    public void MaskAndFillBenchmarks_EveryMethodRuns()
    {
        var benchmarks = new MaskAndFillBenchmarks { Size = 128 };
        benchmarks.Setup();

        MethodInfo[] methods = typeof(MaskAndFillBenchmarks).GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).ToArray();

        Assert.NotEmpty(methods);
        Assert.All(methods, m => Assert.NotNull(m.Invoke(benchmarks, null)));
    }

    [Fact]
    public void PostProcessingBenchmark_RunsOnTheFixtureCases()
    {
        Assert.Equal(0, PostProcessingBenchmark.Run(["--quick"]));
    }
}
