using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;

namespace GlcicML.Training.Native;

/// <summary>
/// Keeps libtorch's oneDNN on instruction sets that compute right on this CPU: on CPUs where its AVX, AVX2 and
/// AVX-512 convolution kernels are known to give wrong values, it caps oneDNN at SSE4.1 before libtorch first uses it.
/// </summary>
/// <remarks>
/// <para>Root cause, as far as it is established (evidence in docs/platform-notes.md): on AMD EPYC Zen 5 (cpu family
/// 26) as these machines present it, oneDNN 3.7.1 inside libtorch 2.10 computes fp32 convolutions wrong whenever a
/// reduced channel dimension does not fill the kernel's vector block: forward when the input channels, backward-data
/// when the output channels are not a multiple of 16 (<c>jit:avx512_core</c>, <c>aBcd16b</c>), of 32 for the
/// <c>brg_deconv</c> transposed kernel, of 8 when capped at AVX2, and in its AVX jit-GEMM convolution; errors are
/// deterministic, 10–100 % of the output's range. Weight gradients and full blocks are exact. The same library
/// binaries were exact on Zen 4. oneDNN capped at SSE4.1 is exact for every shape. ATen's own kernels are no way out:
/// its native convolution (oneDNN off) is exact on one thread but gives intermittent NaN on two (MKL's GEMM below it
/// misbehaves the same way, AVX2 and up). The processor reports no cache topology (CPUID 0x8000001D and leaf 4 are
/// empty) and libtorch's cpuinfo does not know it ("NNPACK: Unsupported hardware"); what in the vector paths goes
/// wrong was not isolated.</para>
/// <para>Which CPUs: AMD family 0x1A and later (newer than libtorch 2.10), and any CPU where
/// <see cref="ConvolutionCheck"/> has found a wrong convolution before (recorded in the user's cache folder). An
/// explicit <c>ONEDNN_MAX_CPU_ISA</c> (or <c>DNNL_MAX_CPU_ISA</c>) in the environment is respected.</para>
/// </remarks>
public static class OneDnnPolicy
{
    internal const string IsaVariable = "ONEDNN_MAX_CPU_ISA";
    internal const string SafeIsa = "SSE41";

    // Tests only: "off" leaves oneDNN as libtorch sets it up, to show what the cap prevents.
    internal const string TestOverrideVariable = "GLCIC_ONEDNN_POLICY";

    private static readonly Lock s_gate = new();
    private static string? s_report;

    /// <summary>What was decided, for logs: e.g. "oneDNN capped at SSE41 (AMD family 0x1A: ...)".</summary>
    public static string Report
    {
        get
        {
            lock (s_gate)
            {
                return s_report ??= Apply();
            }
        }
    }

    /// <summary>Whether oneDNN runs capped at SSE4.1 in this process.</summary>
    public static bool IsCapped => Report.StartsWith("oneDNN capped", StringComparison.Ordinal);

    /// <summary>A stable description of this CPU: vendor, family, model, stepping.</summary>
    public static string CpuSignature
    {
        get
        {
            if (!X86Base.IsSupported)
            {
                return RuntimeInformation.ProcessArchitecture.ToString();
            }

            (int _, int ebx, int ecx, int edx) = X86Base.CpuId(0, 0);
            string vendor = string.Concat(new[] { ebx, edx, ecx }.Select(r => System.Text.Encoding.ASCII.GetString(BitConverter.GetBytes(r))));
            (int eax, _, _, _) = X86Base.CpuId(1, 0);
            int family = ((eax >> 8) & 0xF) + ((eax >> 20) & 0xFF);
            int model = ((eax >> 4) & 0xF) | ((eax >> 12) & 0xF0);
            return $"{vendor} family 0x{family:X} model 0x{model:X} stepping {eax & 0xF}";
        }
    }

    /// <summary>Runs once, before libtorch's first oneDNN primitive (called from the assembly's module initializer).</summary>
    internal static string Apply()
    {
        string? explicitIsa = Environment.GetEnvironmentVariable(IsaVariable) ?? Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA");
        if (explicitIsa is not null)
        {
            return $"oneDNN left at {explicitIsa} (set in the environment)";
        }

        if (Environment.GetEnvironmentVariable(TestOverrideVariable) == "off")
        {
            return $"oneDNN left as libtorch sets it up ({TestOverrideVariable}=off)";
        }

        string? reason = KnownToNeedCap();
        if (reason is null)
        {
            return "oneDNN left as libtorch sets it up (no known fault on this CPU)";
        }

        if (!SetNativeEnvironment(IsaVariable, SafeIsa))
        {
            return $"oneDNN should be capped at {SafeIsa} ({reason}) but the process environment could not be set";
        }

        return $"oneDNN capped at {SafeIsa}: {reason}";
    }

    /// <summary>Why this CPU needs the cap, or null.</summary>
    internal static string? KnownToNeedCap()
    {
        if (!X86Base.IsSupported)
        {
            return null;
        }

        string signature = CpuSignature;
        if (signature.StartsWith("AuthenticAMD", StringComparison.Ordinal) && Family() >= 0x1A)
        {
            return $"{signature} (AMD Zen 5 or later): libtorch 2.10's oneDNN computes convolutions with partial channel blocks wrong there";
        }

        return RecordedFaults().Contains(signature) ? $"{signature}: a wrong convolution was found on this CPU before (recorded in {RecordFile})" : null;
    }

    /// <summary>Remembers that this CPU computed a convolution wrong, so later processes cap oneDNN from the start.</summary>
    internal static void RecordFault()
    {
        try
        {
            HashSet<string> faults = RecordedFaults();
            if (faults.Add(CpuSignature))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(RecordFile)!);
                string temp = RecordFile + $".{Guid.NewGuid():N}.tmp";
                File.WriteAllText(temp, JsonSerializer.Serialize(faults.Order(StringComparer.Ordinal).ToArray()));
                File.Move(temp, RecordFile, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: without the record the next process checks again and stops again.
        }
    }

    /// <summary>The user's cache file of CPUs found faulty: $XDG_CACHE_HOME (or ~/.cache)/glcicml/onednn-faults.json.</summary>
    internal static string RecordFile
    {
        get
        {
            string? cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(cache))
            {
                cache = OperatingSystem.IsWindows()
                    ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }

            return Path.Combine(cache, "glcicml", "onednn-faults.json");
        }
    }

    private static HashSet<string> RecordedFaults()
    {
        try
        {
            return File.Exists(RecordFile)
                ? new HashSet<string>(JsonSerializer.Deserialize<string[]>(File.ReadAllText(RecordFile)) ?? [], StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }
    }

    private static int Family()
    {
        (int eax, _, _, _) = X86Base.CpuId(1, 0);
        return ((eax >> 8) & 0xF) + ((eax >> 20) & 0xFF);
    }

    /// <summary>
    /// Sets a variable in the C runtime's environment, where native libraries read it (.NET's
    /// Environment.SetEnvironmentVariable only changes the managed copy on Unix).
    /// </summary>
    private static bool SetNativeEnvironment(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsWindows())
        {
            return _putenv_s(name, value) == 0;
        }

        return setenv(name, value, 1) == 0;
    }

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int setenv(string name, string value, int overwrite);

    [DllImport("ucrtbase", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int _putenv_s(string name, string value);
}
