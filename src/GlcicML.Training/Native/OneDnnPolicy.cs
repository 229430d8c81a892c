using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text.Json;

namespace GlcicML.Training.Native;

/// <summary>
/// Chooses how libtorch's oneDNN runs the networks' convolutions so that it computes them right on this CPU:
/// channels-last (NHWC) tensors on its NHWC kernels by default; oneDNN capped at SSE4.1 on a CPU where a wrong
/// convolution was found anyway. Decided once, before libtorch first uses oneDNN.
/// </summary>
/// <remarks>
/// <para>Root cause, as far as it is established (evidence in docs/platform-notes.md): on AMD EPYC Zen 5 (cpu family
/// 26) as these machines present it, oneDNN 3.7.1 inside libtorch 2.10 computes NCHW fp32 convolutions wrong whenever
/// a reduced channel dimension does not fill the padded blocked layout it reorders them to: forward when the input
/// channels, backward-data when the output channels are not a multiple of 16 (<c>jit:avx512_core</c> on
/// <c>aBcd16b</c>), of 32 for the <c>brg_deconv</c> transposed kernel, of 8 when capped at AVX2, and in its AVX
/// jit-GEMM convolution; deterministic errors of 10–100 % of the output's range. Weight gradients and full blocks
/// are exact, and so is every shape on channels-last tensors, where oneDNN computes NHWC directly with no padded
/// blocked layout. The same binaries were exact on Zen 4. This CPU reports no cache topology (CPUID 0x8000001D and
/// leaf 4 are empty) and libtorch's cpuinfo does not know it ("NNPACK: Unsupported hardware"); which of that, the
/// hypervisor or the processor sets oneDNN's blocked paths wrong was not isolated.</para>
/// <para><see cref="ConvolutionCheck"/> verifies every configuration the networks run against fp64 once per
/// process; a wrong one is recorded in the user's cache folder and later processes on that CPU cap oneDNN at
/// SSE4.1 (exact on every shape, about 2.5× slower). An explicit <c>ONEDNN_MAX_CPU_ISA</c> (or
/// <c>DNNL_MAX_CPU_ISA</c>) in the environment is respected.</para>
/// </remarks>
public static class OneDnnPolicy
{
    internal const string IsaVariable = "ONEDNN_MAX_CPU_ISA";
    internal const string SafeIsa = "SSE41";

    // Tests and benchmarks only: "off" runs convolutions as libtorch does by default, NCHW on oneDNN's blocked
    // layouts (to show what the policy prevents); "cap" forces the SSE4.1 cap.
    internal const string TestOverrideVariable = "GLCIC_ONEDNN_POLICY";

    private static readonly Lock s_gate = new();
    private static string? s_report;
    private static bool s_channelsLast;
    private static bool s_capped;

    /// <summary>What was decided, for logs: e.g. "convolutions run channels-last on oneDNN's NHWC kernels".</summary>
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
    public static bool IsCapped
    {
        get
        {
            _ = Report;
            return s_capped;
        }
    }

    /// <summary>
    /// Whether the networks run channels-last (NHWC strides), on oneDNN's NHWC kernels. That is the default: exact
    /// on every CPU tested, and faster than NCHW, whose activations oneDNN reorders to and from blocked layouts at
    /// every convolution. Off only when oneDNN is capped, or when <c>GLCIC_ONEDNN_POLICY=off</c>.
    /// </summary>
    public static bool ChannelsLast
    {
        get
        {
            _ = Report;
            return s_channelsLast;
        }
    }

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
            int family = Family();
            int model = ((eax >> 4) & 0xF) | ((eax >> 12) & 0xF0);
            return $"{vendor} family 0x{family:X} model 0x{model:X} stepping {eax & 0xF}";
        }
    }

    /// <summary>Runs once, before libtorch's first oneDNN primitive (called from the assembly's module initializer).</summary>
    internal static string Apply()
    {
        string? explicitIsa = Environment.GetEnvironmentVariable(IsaVariable) ?? Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA");
        string? forced = Environment.GetEnvironmentVariable(TestOverrideVariable);
        if (explicitIsa is not null)
        {
            s_channelsLast = forced != "off";
            return $"oneDNN left at {explicitIsa} (set in the environment); convolutions run {(s_channelsLast ? "channels-last" : "NCHW")}";
        }

        if (forced == "off")
        {
            return $"convolutions run NCHW on oneDNN's blocked layouts, as libtorch does by default ({TestOverrideVariable}=off)";
        }

        bool recorded = X86Base.IsSupported && RecordedFaults().Contains(CpuSignature);
        if (forced == "cap" || (forced is null && recorded))
        {
            string why = forced == "cap" ? $"{TestOverrideVariable}=cap" : $"{CpuSignature}: a wrong convolution was found on this CPU before (recorded in {RecordFile})";
            s_capped = SetNativeEnvironment(IsaVariable, SafeIsa);
            return s_capped
                ? $"oneDNN capped at {SafeIsa}: {why}"
                : $"oneDNN should be capped at {SafeIsa} ({why}) but the process environment could not be set";
        }

        s_channelsLast = true;
        string? known = KnownFault();
        return known is null
            ? "convolutions run channels-last on oneDNN's NHWC kernels"
            : $"convolutions run channels-last on oneDNN's NHWC kernels, which are exact here; its NCHW path is not: {known}";
    }

    /// <summary>Why this CPU is known to compute partial channel blocks wrong, or null.</summary>
    internal static string? KnownFault()
    {
        if (!X86Base.IsSupported)
        {
            return null;
        }

        string signature = CpuSignature;
        return signature.StartsWith("AuthenticAMD", StringComparison.Ordinal) && Family() >= 0x1A
            ? $"{signature} (AMD Zen 5 or later): libtorch 2.10's oneDNN computes NCHW convolutions with partial channel blocks wrong there"
            : null;
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

    /// <summary>The user's cache file of CPUs found faulty: <see cref="UserCache.Folder"/>/onednn-faults.json.</summary>
    internal static string RecordFile => Path.Combine(UserCache.Folder, "onednn-faults.json");

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
