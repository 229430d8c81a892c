using System.Globalization;

namespace GlcicML.Cli.Commands;

/// <summary>Parses --device for inference: cpu, cuda or cuda:N.</summary>
internal static class DeviceOption
{
    /// <summary>The GPU device id, or null for the CPU.</summary>
    /// <exception cref="ArgumentException">Not cpu, cuda or cuda:N.</exception>
    public static int? Parse(string text)
    {
        string value = text.Trim().ToUpperInvariant();
        if (value == "CPU")
        {
            return null;
        }

        if (value == "CUDA")
        {
            return 0;
        }

        if (value.StartsWith("CUDA:", StringComparison.Ordinal) && int.TryParse(value[5..], NumberStyles.None, CultureInfo.InvariantCulture, out int device))
        {
            return device;
        }

        throw new ArgumentException($"Unknown device '{text}'; use cpu, cuda or cuda:N.");
    }
}
