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
/// flat there. Applied once per process by <see cref="Training.GlcicTrainingSession"/>; malloc settings of the user's
/// own <c>GLIBC_TUNABLES</c> win and are left alone.
/// </remarks>
internal static partial class NativeHeap
{
    // mallopt parameters, from glibc's malloc.h.
    private const int TrimThreshold = -1, MmapMax = -4;

    private static readonly Lazy<string> Applied = new(Apply);

    /// <summary>Applies the policy (once) and says what it did.</summary>
    public static string KeepFreedMemory() => Applied.Value;

    private static string Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "native heap: the platform's default";
        }

        if ((Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? string.Empty).Contains("glibc.malloc.", StringComparison.Ordinal))
        {
            return "native heap: GLIBC_TUNABLES's malloc settings (left as they are)";
        }

        try
        {
            // Both return 1 on success. Not glibc (musl has no mallopt): EntryPointNotFoundException.
            bool done = MallOpt(MmapMax, 0) == 1 && MallOpt(TrimThreshold, int.MaxValue) == 1;
            return done ? "native heap: freed memory kept for reuse (glibc mallopt: no mmap, no trim)" : "native heap: glibc refused mallopt; its default";
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return "native heap: not glibc; the C library's default";
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
