using GlcicML.Batch;
using GlcicML.Filling;
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.PostProcessing;

namespace GlcicML.Evaluation;

/// <summary>
/// Scores a model against simple baselines on a folder of images with known content: each image is masked, completed
/// by every method, and compared with the original inside the holes and over the whole image.
/// </summary>
public static class InpaintingEvaluator
{
    /// <summary>The methods compared, in report order.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["model", "model+postprocess", "telea-r5", "mean-fill"];

    /// <summary>Evaluates every image under <paramref name="data"/>; images that cannot be read or masked are skipped and listed.</summary>
    /// <param name="inpainter">The model.</param>
    /// <param name="data">An image file, or a folder searched recursively for PNG/JPEG files.</param>
    /// <param name="masks">The masks (use generated masks with a fixed seed so numbers compare across runs and models).</param>
    /// <param name="readOptions">Decoding limits; null for the defaults.</param>
    /// <param name="onImage">Called after each image is scored.</param>
    /// <param name="cancellationToken">Stops between images.</param>
    public static EvaluationReport Evaluate(GlcicInpainter inpainter, string data, MaskSource masks, ImageReadOptions? readOptions = null, Action<ImageEvaluation>? onImage = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inpainter);
        ArgumentNullException.ThrowIfNull(masks);
        readOptions ??= ImageReadOptions.Default;
        IReadOnlyList<ImageInput> inputs = ImageInput.Find(data);
        var images = new List<ImageEvaluation>();
        var failures = new List<BatchFailure>();
        foreach (ImageInput input in inputs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Score(inpainter, input, masks, readOptions, failures) is { } scored)
            {
                images.Add(scored);
                onImage?.Invoke(scored);
            }
        }

        return new EvaluationReport
        {
            Model = inpainter.Source,
            Data = Path.GetFullPath(data),
            Masks = masks.Description,
            Summary = [.. Methods.Select(m => Summarise(m, images))],
            Images = images,
            Failures = failures,
        };
    }

    private static ImageEvaluation? Score(GlcicInpainter inpainter, ImageInput input, MaskSource masks, ImageReadOptions readOptions, List<BatchFailure> failures)
    {
        RgbImage truth;
        InpaintingMask mask;
        try
        {
            truth = RgbImage.Load(input.FullPath, readOptions);
            mask = masks.MaskFor(input, truth);
            inpainter.Validate(truth, mask, $"'{input.RelativePath}'");
        }
        catch (ImageLoadException e)
        {
            failures.Add(new BatchFailure(input.RelativePath, "image", e.Reason.ToString(), e.Message));
            return null;
        }
        catch (MaskUnavailableException e)
        {
            failures.Add(new BatchFailure(input.RelativePath, "mask", e.Problem.ToString(), e.Message));
            return null;
        }
        catch (ArgumentException e)
        {
            failures.Add(new BatchFailure(input.RelativePath, "inference", "UnsupportedSize", e.Message));
            return null;
        }

        if (mask.IsEmpty || mask.IsFull)
        {
            failures.Add(new BatchFailure(input.RelativePath, "mask", mask.IsEmpty ? "EmptyMask" : "FullMask",
                mask.IsEmpty ? "the mask has no hole, so there is nothing to complete" : "the mask covers the whole image, so fast marching and post-processing have nothing to start from"));
            return null;
        }

        RgbImage completed = inpainter.Inpaint(truth, mask);
        var results = new Dictionary<string, RgbImage>
        {
            ["model"] = completed,
            ["model+postprocess"] = InpaintingPostProcessor.Apply(completed, mask),
            ["telea-r5"] = TeleaInpainting.Inpaint(truth, mask, 5),
            ["mean-fill"] = MeanColorFill.Apply(truth, mask, inpainter.Mean),
        };
        var scores = Methods.ToDictionary(m => m, m => new MethodScores(Scores(results[m], truth, mask), Scores(results[m], truth, null)));
        return new ImageEvaluation(input.RelativePath, mask.HoleFraction, scores);
    }

    private static RegionScores Scores(RgbImage result, RgbImage truth, InpaintingMask? region) =>
        new(ImageMetrics.Psnr(result, truth, region), ImageMetrics.Ssim(result, truth, region), ImageMetrics.MeanAbsoluteError(result, truth, region), ImageMetrics.Sharpness(result, truth, region));

    private static MethodSummary Summarise(string method, List<ImageEvaluation> images)
    {
        Statistic Of(Func<MethodScores, double> metric)
        {
            double[] values = [.. images.Select(i => metric(i.Methods[method])).Order()];
            if (values.Length == 0)
            {
                return new Statistic(double.NaN, double.NaN);
            }

            double[] finite = [.. values.Where(double.IsFinite)];
            double median = values.Length % 2 == 1 ? values[values.Length / 2] : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
            return new Statistic(finite.Length > 0 ? finite.Average() : double.PositiveInfinity, median, values.Length - finite.Length);
        }

        return new MethodSummary(
            method,
            Of(s => s.Hole.Psnr),
            Of(s => s.Hole.Ssim),
            Of(s => s.Hole.L1),
            Of(s => s.Whole.Psnr),
            Of(s => s.Whole.Ssim),
            Of(s => s.Whole.L1),
            Of(s => s.Hole.Sharpness));
    }
}
