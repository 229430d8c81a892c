using System.Globalization;

namespace GlcicML.Filling;

/// <summary>
/// A mean pixel colour, each channel in [0, 1]: the colour GLCIC writes into holes before the network sees them.
/// </summary>
/// <param name="Red">Red, in [0, 1].</param>
/// <param name="Green">Green, in [0, 1].</param>
/// <param name="Blue">Blue, in [0, 1].</param>
public readonly record struct MeanColor(double Red, double Green, double Blue)
{
    /// <summary>Mid-gray (0.5, 0.5, 0.5), for when no dataset mean is known.</summary>
    public static MeanColor MidGray { get; } = new(0.5, 0.5, 0.5);

    /// <summary>From 8-bit channel values.</summary>
    public static MeanColor FromBytes(byte red, byte green, byte blue) => new(red / 255.0, green / 255.0, blue / 255.0);

    /// <summary>Parses "r,g,b" with each value in [0, 1] (invariant culture), as <see cref="ToString"/> writes it.</summary>
    /// <exception cref="FormatException">The text is not three comma-separated numbers in [0, 1].</exception>
    public static MeanColor Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double r)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double g)
            || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double b))
        {
            throw new FormatException($"'{text}' is not a mean colour; expected three numbers in [0, 1] separated by commas, e.g. 0.46,0.44,0.40.");
        }

        var mean = new MeanColor(r, g, b);
        mean.Validate();
        return mean;
    }

    /// <summary>Throws when a channel is outside [0, 1] or not a number.</summary>
    public void Validate()
    {
        foreach ((string name, double value) in new[] { ("Red", Red), ("Green", Green), ("Blue", Blue) })
        {
            if (!(value >= 0 && value <= 1))
            {
                throw new ArgumentOutOfRangeException(name, value, $"Mean colour channel {name} must be in [0, 1]; got {value}.");
            }
        }
    }

    /// <summary>The colour rounded to 8-bit levels.</summary>
    public (byte Red, byte Green, byte Blue) ToBytes() => (ToByte(Red), ToByte(Green), ToByte(Blue));

    /// <summary>"r,g,b" with full round-trip precision (invariant culture).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Red:R},{Green:R},{Blue:R}");

    private static byte ToByte(double value) => (byte)Math.Clamp(Math.Round(value * 255, MidpointRounding.AwayFromZero), 0, 255);
}
