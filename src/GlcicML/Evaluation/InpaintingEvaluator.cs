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
    /// <param name="naturalness">Also run the naturalness judge on patches around the holes (see <see cref="INaturalnessJudge"/>); null skips it.</param>
    /// <param name="cancellationToken">Stops between images.</param>
    public static EvaluationReport Evaluate(GlcicInpainter inpainter, string data, MaskSource masks, ImageReadOptions? readOptions = null, Action<ImageEvaluation>? onImage = null, NaturalnessOptions? naturalness = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inpainter);
        ArgumentNullException.ThrowIfNull(masks);
        readOptions ??= ImageReadOptions.Default;
        IReadOnlyList<ImageInput> inputs = ImageInput.Find(data);
        var images = new List<ImageEvaluation>();
        var failures = new List<BatchFailure>();
        var patches = naturalness is null ? null : new PatchCollector(naturalness.PatchSide);
        foreach (ImageInput input in inputs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Score(inpainter, input, masks, readOptions, failures, patches) is { } scored)
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
            Naturalness = naturalness is null || patches is null ? [] : patches.Judge(naturalness, cancellationToken),
        };
    }

    private static ImageEvaluation? Score(GlcicInpainter inpainter, ImageInput input, MaskSource masks, ImageReadOptions readOptions, List<BatchFailure> failures, PatchCollector? patches)
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
        patches?.Add(truth, mask, results);
        return new ImageEvaluation(input.RelativePath, mask.HoleFraction, scores);
    }

    /// <summary>The patches around each image's holes, real and per method, kept for the judge.</summary>
    private sealed class PatchCollector(int side)
    {
        private readonly List<RgbImage> _real = [];
        private readonly Dictionary<string, List<RgbImage>> _methods = Methods.ToDictionary(m => m, _ => new List<RgbImage>());
        private readonly List<int> _groups = [];
        private int _images;

        public void Add(RgbImage truth, InpaintingMask mask, Dictionary<string, RgbImage> results)
        {
            foreach (PixelRectangle patch in NaturalnessPatches.Around(mask, side))
            {
                _real.Add(truth.Crop(patch));
                foreach (string method in Methods)
                {
                    _methods[method].Add(results[method].Crop(patch));
                }

                _groups.Add(_images);
            }

            _images++;
        }

        public List<NaturalnessResult> Judge(NaturalnessOptions options, CancellationToken cancellationToken)
        {
            if (_groups.Distinct().Count() < 2)
            {
                throw new InvalidOperationException($"The naturalness judge needs holes in at least 2 images large enough for {side}-px patches; {_groups.Distinct().Count()} had any.");
            }

            var results = new List<NaturalnessResult>();
            foreach (string method in Methods)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results.Add(new NaturalnessResult(method, options.Judge.Judge(_real, _methods[method], _groups, options.Seed)));
            }

            results.Add(new NaturalnessResult(RealVersusReal, RealVersusRealScore(options)));
            return results;
        }

        /// <summary>
        /// Calibration: real patches against real patches, the images dealt at random into two samples and paired up
        /// (each pair of images one group, so no image is on both sides of a fold); the judge should score near 50 %.
        /// </summary>
        private NaturalnessScore RealVersusRealScore(NaturalnessOptions options)
        {
            int[] images = [.. _groups.Distinct()];
            var random = new Masks.MaskRandom(Masks.MaskRandom.Mix((ulong)(uint)options.Seed, 0xCA1B));
            for (int i = images.Length - 1; i > 0; i--)
            {
                int j = random.NextInt(0, i);
                (images[i], images[j]) = (images[j], images[i]);
            }

            List<RgbImage> first = [], second = [];
            List<int> groups = [];
            for (int pair = 0; pair + 1 < images.Length; pair += 2)
            {
                RgbImage[] a = [.. Enumerable.Range(0, _real.Count).Where(i => _groups[i] == images[pair]).Select(i => _real[i])];
                RgbImage[] b = [.. Enumerable.Range(0, _real.Count).Where(i => _groups[i] == images[pair + 1]).Select(i => _real[i])];
                for (int k = 0; k < Math.Min(a.Length, b.Length); k++)
                {
                    first.Add(a[k]);
                    second.Add(b[k]);
                    groups.Add(pair);
                }
            }

            if (groups.Distinct().Count() < 2)
            {
                throw new InvalidOperationException($"The naturalness judge's real-vs-real calibration needs holes in at least 4 images; {images.Length} had any.");
            }

            return options.Judge.Judge(first, second, groups, options.Seed);
        }
    }

    /// <summary>The calibration row of the naturalness table: real patches against real patches.</summary>
    public const string RealVersusReal = "real-vs-real";

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
