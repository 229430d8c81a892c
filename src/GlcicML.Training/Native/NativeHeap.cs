using System.Runtime.InteropServices;

namespace GlcicML.Training.Native;

/// <summary>
/// Keeps the native memory libtorch frees for the next training step instead of handing it back to the kernel
/// (Linux with glibc; elsewhere nothing changes).
/// </summary>
/// <remarks>
/// A training step allocates and frees the same activations and gradients, 10-40 MB each, every iteration. By default
/// glibc serves blocks above its mmap threshold with fresh mappings and trims freed memory at the heap's top back to
/// the kernel, so each step faults its activations' pages in again: on the 2-core Zen 5 machines that was a fifth of
/// an fp32 step, twice the page faults (docs/benchmarks.md, *Where a training step's time goes*). With mmap off and
/// trimming off, freed blocks stay in the heap for the next step: resident memory settles at a step's peak and stays
/// flat there (validation's larger peak is handed back after each validation). Applied once per process by
/// <see cref="Training.GlcicTrainingSession"/>; malloc settings of the user's own <c>GLIBC_TUNABLES</c> win and are left
/// alone. A thread on one of glibc's secondary arenas still unmaps a whole sub-heap once all of it is free; libtorch
/// allocates a step's tensors on the training thread, where that rarely happens.
/// </remarks>
internal static partial class NativeHeap
{
    // mallopt parameters, from glibc's malloc.h; the trim thresholds of the keep policy and of glibc's default.
    private const int TrimThreshold = -1, MmapMax = -4, NeverTrim = int.MaxValue, DefaultTrimThreshold = 128 * 1024;

    private static readonly Lazy<(bool Keeping, string Report)> Applied = new(Apply);

    /// <summary>Applies the policy (once) and says what it did.</summary>
    public static string KeepFreedMemory() => Applied.Value.Report;

    /// <summary>
    /// For an occasional peak the steps after it do not need (validation on whole photos): until the scope ends, freed
    /// memory at a heap's top goes back to the kernel as glibc does by default, and at its end the free memory left
    /// inside the heaps goes back too (malloc_trim); then the keep policy holds again. A no-op unless
    /// <see cref="KeepFreedMemory"/> took effect.
    /// </summary>
    public static IDisposable ReturnFreedMemory() => Applied.IsValueCreated && Applied.Value.Keeping ? new Returning() : NoScope.Instance;

    private static (bool Keeping, string Report) Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return (false, "native heap: the platform's default");
        }

        if ((Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? string.Empty).Contains("glibc.malloc.", StringComparison.Ordinal))
        {
            return (false, "native heap: GLIBC_TUNABLES's malloc settings (left as they are)");
        }

        try
        {
            // Both return 1 on success. Not glibc (musl has no mallopt): EntryPointNotFoundException.
            bool done = MallOpt(MmapMax, 0) == 1 && MallOpt(TrimThreshold, NeverTrim) == 1;
            return (done, done ? "native heap: freed memory kept for reuse (glibc mallopt: no mmap, no trim)" : "native heap: glibc refused mallopt; its default");
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return (false, "native heap: not glibc; the C library's default");
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);

    private sealed class Returning : IDisposable
    {
        private bool _disposed;

        public Returning() => _ = MallOpt(TrimThreshold, DefaultTrimThreshold);

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _ = MallocTrim(0);
                _ = MallOpt(TrimThreshold, NeverTrim);
            }
        }
    }

    private sealed class NoScope : IDisposable
    {
        public static readonly NoScope Instance = new();

        public void Dispose()
        {
        }
    }
}
