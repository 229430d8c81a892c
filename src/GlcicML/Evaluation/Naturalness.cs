using System.Globalization;

namespace GlcicML.Evaluation;

/// <summary>
/// A classifier two-sample test of naturalness (the paper's user study, by machine): a classifier learns to tell
/// patches of real images from patches of completed ones at the same places, on some images, and is tested on the
/// others. Its held-out accuracy is the score: 50 % means the completions cannot be told from real, 100 % that they
/// always can. The implementation trains a small CNN and lives in GlcicML.Training (TorchSharp); find it with
/// <see cref="NaturalnessJudges.TryCreate"/>.
/// </summary>
public interface INaturalnessJudge
{
    /// <summary>Scores <paramref name="candidate"/> patches against the <paramref name="real"/> ones.</summary>
    /// <param name="real">Patches of the real images.</param>
    /// <param name="candidate">Patches to judge (e.g. completed images at the same places), as many as <paramref name="real"/>.</param>
    /// <param name="groups">For each pair, the image it came from: the folds split by image, so a place is never both learned and tested.</param>
    /// <param name="seed">Seeds weights, shuffles and folds: the same seed gives the same score.</param>
    NaturalnessScore Judge(IReadOnlyList<RgbImage> real, IReadOnlyList<RgbImage> candidate, IReadOnlyList<int> groups, int seed);
}

/// <summary>Held-out accuracy of the judge with its 95 % confidence interval (Wilson), over <paramref name="Samples"/> test predictions in <paramref name="Folds"/> folds.</summary>
public sealed record NaturalnessScore(double Accuracy, double Low, double High, int Samples, int Folds)
{
    /// <summary>A Wilson 95 % interval for <paramref name="correct"/> right out of <paramref name="samples"/>.</summary>
    public static NaturalnessScore FromCounts(int correct, int samples, int folds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        const double Z = 1.959964;
        double p = (double)correct / samples, z2 = Z * Z / samples;
        double centre = (p + (z2 / 2)) / (1 + z2), half = Z * Math.Sqrt((p * (1 - p) / samples) + (z2 / (4 * samples))) / (1 + z2);
        return new NaturalnessScore(p, Math.Max(0, centre - half), Math.Min(1, centre + half), samples, folds);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Accuracy:P1} [{Low:P1}, {High:P1}] over {Samples} patches");
}

/// <summary>Patches for the judge: squares centred on each hole (each connected group of hole pixels).</summary>
public static class NaturalnessPatches
{
    /// <summary>The default patch side in pixels.</summary>
    public const int DefaultSide = 64;

    /// <summary>
    /// One square of <paramref name="side"/> px per connected hole (4-connected), centred on the hole's bounding box
    /// and moved inside the image; none when the image is smaller than the square.
    /// </summary>
    public static IReadOnlyList<PixelRectangle> Around(InpaintingMask mask, int side = DefaultSide)
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 4);
        if (mask.Width < side || mask.Height < side)
        {
            return [];
        }

        int width = mask.Width, height = mask.Height;
        ReadOnlySpan<byte> holes = mask.Values;
        var seen = new bool[holes.Length];
        var patches = new List<PixelRectangle>();
        var stack = new Stack<int>();
        for (int start = 0; start < holes.Length; start++)
        {
            if (holes[start] == 0 || seen[start])
            {
                continue;
            }

            int left = width, top = height, right = -1, bottom = -1;
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int i = stack.Pop(), x = i % width, y = i / width;
                (left, right, top, bottom) = (Math.Min(left, x), Math.Max(right, x), Math.Min(top, y), Math.Max(bottom, y));
                foreach (int n in new[] { x > 0 ? i - 1 : -1, x + 1 < width ? i + 1 : -1, y > 0 ? i - width : -1, y + 1 < height ? i + width : -1 })
                {
                    if (n >= 0 && holes[n] != 0 && !seen[n])
                    {
                        seen[n] = true;
                        stack.Push(n);
                    }
                }
            }

            int cx = (left + right + 1) / 2, cy = (top + bottom + 1) / 2;
            patches.Add(new PixelRectangle(Math.Clamp(cx - (side / 2), 0, width - side), Math.Clamp(cy - (side / 2), 0, height - side), side, side));
        }

        return patches;
    }
}

/// <summary>Finds the naturalness judge, which needs the GlcicML.Training package (TorchSharp and libtorch).</summary>
public static class NaturalnessJudges
{
    private const string TypeName = "GlcicML.Training.Evaluation.NaturalnessJudge, GlcicML.Training";

    /// <summary>
    /// The judge when GlcicML.Training is part of the app; otherwise null and <paramref name="reason"/> says what to
    /// add. Inference-only installs keep working without it.
    /// </summary>
    public static INaturalnessJudge? TryCreate(out string reason)
    {
        Type? type;
        try
        {
            type = Type.GetType(TypeName, throwOnError: false);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            type = null;
        }

        if (type is null)
        {
            reason = "the naturalness judge trains a small CNN with TorchSharp: add the GlcicML.Training package (and a libtorch package) to use it";
            return null;
        }

        reason = string.Empty;
        return (INaturalnessJudge)Activator.CreateInstance(type)!;
    }
}
