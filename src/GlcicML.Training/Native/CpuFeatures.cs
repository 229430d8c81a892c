namespace GlcicML.Training.Native;

/// <summary>What the CPU offers beyond what .NET's intrinsics report (bfloat16 arithmetic), read from the OS.</summary>
internal static class CpuFeatures
{
    private static readonly Lazy<string[]?> s_flags = new(ReadFlags);

    /// <summary>
    /// Whether the CPU multiplies bfloat16 natively (AVX512_BF16 or AMX-BF16), which oneDNN's bfloat16 convolutions
    /// need to beat fp32; null where the OS does not say (only Linux's /proc/cpuinfo is read).
    /// </summary>
    public static bool? HasBFloat16 => s_flags.Value is { } flags ? flags.Contains("avx512_bf16") || flags.Contains("amx_bf16") : null;

    private static string[]? ReadFlags()
    {
        try
        {
            string? line = OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))
                : null;
            return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
