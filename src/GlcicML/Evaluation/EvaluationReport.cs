using System.Text.Json;
using System.Text.Json.Serialization;

namespace GlcicML.Evaluation;

/// <summary>PSNR (dB), SSIM, mean absolute error (L1, in [0, 1]) and sharpness relative to the truth (<see cref="ImageMetrics.Sharpness"/>; 1 = as detailed) of one result over one region.</summary>
public sealed record RegionScores(double Psnr, double Ssim, double L1, double Sharpness);

/// <summary>One method's scores on one image: inside the holes and over the whole image.</summary>
public sealed record MethodScores(RegionScores Hole, RegionScores Whole);

/// <summary>Every method's scores on one image.</summary>
/// <param name="Input">The image's path relative to the data folder.</param>
/// <param name="HoleFraction">The share of the image inside the holes.</param>
/// <param name="Methods">Scores by method name (see <see cref="InpaintingEvaluator.Methods"/>).</param>
public sealed record ImageEvaluation(string Input, double HoleFraction, IReadOnlyDictionary<string, MethodScores> Methods);

/// <summary>Mean and median of one metric over the images.</summary>
/// <param name="Mean">The mean; for PSNR over the images that are not identical (infinite PSNR), see <see cref="Identical"/>.</param>
/// <param name="Median">The median (infinite PSNRs included: they sort last).</param>
/// <param name="Identical">For PSNR, how many images came out identical to the ground truth (left out of the mean).</param>
public sealed record Statistic(double Mean, double Median, int Identical = 0);

/// <summary>One method's statistics over the images, inside the holes and over whole images.</summary>
public sealed record MethodSummary(string Method, Statistic HolePsnr, Statistic HoleSsim, Statistic HoleL1, Statistic WholePsnr, Statistic WholeSsim, Statistic WholeL1, Statistic HoleSharpness);

/// <summary>The naturalness judge's score for one method (or the real-vs-real calibration).</summary>
public sealed record NaturalnessResult(string Method, NaturalnessScore Score);

/// <summary>How the evaluator runs the naturalness judge.</summary>
/// <param name="Judge">The judge (<see cref="NaturalnessJudges.TryCreate"/>).</param>
/// <param name="PatchSide">Side of the square patches centred on each hole.</param>
/// <param name="Seed">The judge's seed.</param>
public sealed record NaturalnessOptions(INaturalnessJudge Judge, int PatchSide = NaturalnessPatches.DefaultSide, int Seed = 0);

/// <summary>The result of <see cref="InpaintingEvaluator.Evaluate"/>: per-image scores, per-method statistics and skipped images.</summary>
public sealed record EvaluationReport
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // identical images: PSNR "Infinity"
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The model's file.</summary>
    public required string Model { get; init; }

    /// <summary>The data folder (or file).</summary>
    public required string Data { get; init; }

    /// <summary>Where the masks came from (folder, file, or generator and seed).</summary>
    public required string Masks { get; init; }

    /// <summary>Per-method statistics, in <see cref="InpaintingEvaluator.Methods"/> order.</summary>
    public required IReadOnlyList<MethodSummary> Summary { get; init; }

    /// <summary>Per-image scores, in input order.</summary>
    public required IReadOnlyList<ImageEvaluation> Images { get; init; }

    /// <summary>Images that could not be scored, with the reason.</summary>
    public IReadOnlyList<BatchFailure> Failures { get; init; } = [];

    /// <summary>The naturalness judge's scores per method, then the real-vs-real calibration; empty when it did not run.</summary>
    public IReadOnlyList<NaturalnessResult> Naturalness { get; init; } = [];

    /// <summary>Writes the report as indented JSON, atomically.</summary>
    public void Save(string path) => AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, this, s_json));
}
