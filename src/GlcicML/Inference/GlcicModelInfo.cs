using System.Globalization;

namespace GlcicML.Inference;

/// <summary>
/// What a GlcicML ONNX model carries in its metadata: everything inference needs besides the weights, so a model
/// cannot be paired with the wrong fill colour by accident.
/// </summary>
/// <param name="FormatVersion">Metadata format: 1, or 2 for a model with a prefill other than the mean colour.</param>
/// <param name="Mean">The training set's mean colour, written into holes before the network runs (with the mean-colour prefill).</param>
/// <param name="CropSize">Training crop side in pixels.</param>
/// <param name="MinHoleSize">Smallest training hole side in pixels.</param>
/// <param name="MaxHoleSize">Largest training hole side in pixels.</param>
/// <param name="WidthMultiplier">Network width (1.0 = the paper's).</param>
/// <param name="Iterations">Training iterations behind the weights.</param>
/// <param name="Precision">"float32" or "int8".</param>
/// <param name="Recipe">How the model was trained, e.g. "optimizer=adam lr=0.0004 schedule=constant loss=hole-l1"; null for models that predate it.</param>
/// <param name="Prefill">What the holes hold in the network's input; models that predate it used the mean colour.</param>
public sealed record GlcicModelInfo(
    int FormatVersion,
    MeanColor Mean,
    int CropSize,
    int MinHoleSize,
    int MaxHoleSize,
    double WidthMultiplier,
    long Iterations,
    string Precision,
    string? Recipe = null,
    HolePrefill Prefill = HolePrefill.MeanColor)
{
    /// <summary>The newest metadata format this version reads: 2 added the prefill.</summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>Name of the 4-D model input: N×4×H×W floats in [0, 1] (R, G, B with holes mean-filled, mask).</summary>
    public const string InputName = "input";

    /// <summary>Name of the 4-D model output: N×3×H×W floats in [0, 1].</summary>
    public const string OutputName = "output";

    /// <summary>Height and width given to the network must be multiples of this.</summary>
    public const int SizeMultiple = 4;

    private const string Prefix = "glcic.";

    /// <summary>The metadata as ONNX metadata properties.</summary>
    public IReadOnlyDictionary<string, string> ToProperties()
    {
        var properties = new Dictionary<string, string>
        {
            // The oldest format that describes the model: versions before the prefill still read mean-fill models, and
            // refuse fast-marching ones instead of feeding them mean-filled input.
            [Prefix + "format_version"] = (Prefill == HolePrefill.MeanColor ? 1 : 2).ToString(CultureInfo.InvariantCulture),
            [Prefix + "mean_rgb"] = Mean.ToString(),
            [Prefix + "crop_size"] = CropSize.ToString(CultureInfo.InvariantCulture),
            [Prefix + "hole_min"] = MinHoleSize.ToString(CultureInfo.InvariantCulture),
            [Prefix + "hole_max"] = MaxHoleSize.ToString(CultureInfo.InvariantCulture),
            [Prefix + "width_multiplier"] = WidthMultiplier.ToString("R", CultureInfo.InvariantCulture),
            [Prefix + "iterations"] = Iterations.ToString(CultureInfo.InvariantCulture),
            [Prefix + "precision"] = Precision,
            [Prefix + "size_multiple"] = SizeMultiple.ToString(CultureInfo.InvariantCulture),
        };
        if (Recipe is not null)
        {
            properties[Prefix + "recipe"] = Recipe;
        }

        if (Prefill != HolePrefill.MeanColor)
        {
            properties[Prefix + "prefill"] = NetworkInput.Name(Prefill);
        }

        return properties;
    }

    /// <summary>Reads the metadata of a model; <paramref name="source"/> names the model in errors.</summary>
    /// <exception cref="InvalidDataException">A key is missing or malformed, or the format is newer than this version reads.</exception>
    public static GlcicModelInfo FromProperties(IReadOnlyDictionary<string, string> properties, string source)
    {
        ArgumentNullException.ThrowIfNull(properties);
        string Get(string key) => properties.TryGetValue(Prefix + key, out string? value)
            ? value
            : throw new InvalidDataException($"'{source}' is not a GlcicML model: its metadata has no '{Prefix}{key}' (export models with 'glcic-train export').");
        int format = int.Parse(Get("format_version"), CultureInfo.InvariantCulture);
        if (format > CurrentFormatVersion)
        {
            throw new InvalidDataException($"'{source}' uses GlcicML model format {format}; this version reads up to {CurrentFormatVersion}. Update GlcicML.");
        }

        try
        {
            return new GlcicModelInfo(
                format,
                MeanColor.Parse(Get("mean_rgb")),
                int.Parse(Get("crop_size"), CultureInfo.InvariantCulture),
                int.Parse(Get("hole_min"), CultureInfo.InvariantCulture),
                int.Parse(Get("hole_max"), CultureInfo.InvariantCulture),
                double.Parse(Get("width_multiplier"), CultureInfo.InvariantCulture),
                long.Parse(Get("iterations"), CultureInfo.InvariantCulture),
                Get("precision"),
                properties.TryGetValue(Prefix + "recipe", out string? recipe) ? recipe : null,
                properties.TryGetValue(Prefix + "prefill", out string? prefill)
                    ? NetworkInput.Parse(prefill) ?? throw new FormatException($"Its prefill '{prefill}' is none of mean-color, fast-marching.")
                    : HolePrefill.MeanColor);
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            // e.g. a mean colour of NaN: name the model, since the message alone does not say which file is bad.
            throw new InvalidDataException($"'{source}' has malformed GlcicML metadata: {e.Message} Re-export the model from its checkpoint (glcic-train export).", e);
        }
    }
}
