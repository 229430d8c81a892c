using System.Globalization;

namespace GlcicML.Training.Training;

/// <summary>Turns "cpu", "cuda" or "cuda:N" into a libtorch device, falling back to the CPU (reported) when CUDA is unavailable.</summary>
public static class TorchDevices
{
    /// <summary>The device to train on, and a sentence saying which one and why.</summary>
    /// <exception cref="ArgumentException">The text is not cpu, cuda or cuda:N.</exception>
    public static (Device Device, string Description) Select(string requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        string text = requested.Trim().ToUpperInvariant();
        if (text == "CPU")
        {
            return (CPU, "training on the CPU");
        }

        int index = 0;
        if (!(text == "CUDA" || (text.StartsWith("CUDA:", StringComparison.Ordinal) && int.TryParse(text[5..], NumberStyles.None, CultureInfo.InvariantCulture, out index))))
        {
            throw new ArgumentException($"Unknown device '{requested}'; use cpu, cuda or cuda:N.", nameof(requested));
        }

        if (!cuda.is_available())
        {
            return (CPU, $"'{requested}' requested but CUDA is not available (no GPU, driver or CUDA build of libtorch; build with -p:GlcicTorchBackend=cuda): falling back to the CPU");
        }

        int count = cuda.device_count();
        if (index >= count)
        {
            return (CPU, $"'{requested}' requested but only {count} CUDA device(s) exist: falling back to the CPU");
        }

        return (new Device(TorchSharp.DeviceType.CUDA, index), $"training on CUDA device {index}");
    }
}
