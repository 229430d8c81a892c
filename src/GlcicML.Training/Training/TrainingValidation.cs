using System.Globalization;
using GlcicML.Evaluation;
using GlcicML.PostProcessing;

namespace GlcicML.Training.Training;

/// <summary>
/// Scores the completion network during training on fixed held-out photos with fixed seeded holes: hole L1 and hole
/// PSNR of the network's completion (computed as inference computes it: prefill, replicate padding, composite),
/// beside fast marching's (Telea r5) and mean fill's scores on the same holes, computed once as reference lines.
/// </summary>
public sealed class TrainingValidation
{
    private readonly List<(string Name, RgbImage Image, InpaintingMask Mask)> _photos;
    private readonly Dictionary<MeanColor, (ValidationScores FastMarching, ValidationScores MeanFill)> _references = [];

    private TrainingValidation(List<(string, RgbImage, InpaintingMask)> photos, string description)
    {
        _photos = photos;
        Description = description;
    }

    /// <summary>What is scored, for logs.</summary>
    public string Description { get; }

    /// <summary>Photos scored.</summary>
    public int Count => _photos.Count;

    /// <summary>
    /// The photos of a folder (subfolders included), each with holes as the authors' inference draws them (2–4 of
    /// 32–128 px) unless <paramref name="holes"/> says otherwise, seeded by its path relative to the folder: the
    /// same holes in every run. Photos are cropped to multiples of 4 (at most 3 px) so no padding enters the scores.
    /// </summary>
    /// <exception cref="ArgumentException">The folder holds no readable image.</exception>
    public static TrainingValidation FromFolder(string folder, int seed = 1, MaskGeneratorOptions? holes = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Validation folder '{folder}' does not exist.");
        }

        MaskGeneratorOptions drawn = holes ?? MaskGeneratorOptions.AuthorsInference;
        var photos = new List<(string, RgbImage, InpaintingMask)>();
        foreach (string relative in ImageFiles.Find(folder).Order(StringComparer.Ordinal))
        {
            RgbImage image = RgbImage.Load(Path.Combine(folder, relative));
            int width = image.Width / GlcicModelInfo.SizeMultiple * GlcicModelInfo.SizeMultiple;
            int height = image.Height / GlcicModelInfo.SizeMultiple * GlcicModelInfo.SizeMultiple;
            if (width < drawn.MaxHoleSize || height < drawn.MaxHoleSize)
            {
                throw new ArgumentException($"Validation photo '{relative}' is {image.Width}x{image.Height}: smaller than the largest validation hole ({drawn.MaxHoleSize} px).");
            }

            image = width == image.Width && height == image.Height ? image : image.Crop(new PixelRectangle(0, 0, width, height));
            photos.Add((relative, image, MaskGenerator.Generate(width, height, drawn, MaskSeed.ForKey(seed, relative))));
        }

        if (photos.Count == 0)
        {
            throw new ArgumentException($"Validation folder '{folder}' holds no image files.");
        }

        return new TrainingValidation(photos, $"{photos.Count} photos in {folder}, {drawn.MinHoleCount}-{drawn.MaxHoleCount} holes of {drawn.MinHoleSize}-{drawn.MaxHoleSize} px, seed {seed}");
    }

    /// <summary>Fast marching's and mean fill's scores on the same holes (computed once per mean colour).</summary>
    public (ValidationScores FastMarching, ValidationScores MeanFill) References(MeanColor mean)
    {
        if (!_references.TryGetValue(mean, out var references))
        {
            references = (
                Average(p => TeleaInpainting.Inpaint(p.Image, p.Mask, NetworkInput.FastMarchingRadius)),
                Average(p => MeanColorFill.Apply(p.Image, p.Mask, mean)));
            _references[mean] = references;
        }

        return references;
    }

    /// <summary>The network's scores, in eval mode (its mode is restored), one photo at a time.</summary>
    public ValidationScores Score(CompletionNetwork network, MeanColor mean, HolePrefill prefill, Device device)
    {
        ArgumentNullException.ThrowIfNull(network);
        bool wasTraining = network.training;
        network.eval();
        try
        {
            return Average(p => Complete(network, p.Image, p.Mask, mean, prefill, device));
        }
        finally
        {
            network.train(wasTraining);
        }
    }

    private static RgbImage Complete(CompletionNetwork network, RgbImage image, InpaintingMask mask, MeanColor mean, HolePrefill prefill, Device device)
    {
        int width = image.Width, height = image.Height;
        var input = new float[NetworkInput.Channels * width * height];
        InpaintingTensors.WriteInput(image, mask, mean, prefill, PaddingMode.Replicate, input);
        using DisposeScope scope = NewDisposeScope();
        using IDisposable noGrad = no_grad();
        Tensor output = network.call(tensor(input, [1, NetworkInput.Channels, height, width]).to(device)).cpu().contiguous();
        return InpaintingTensors.Composite(image, mask, output.data<float>().ToArray());
    }

    private ValidationScores Average(Func<(string Name, RgbImage Image, InpaintingMask Mask), RgbImage> complete)
    {
        double l1 = 0, psnr = 0;
        foreach (var photo in _photos)
        {
            RgbImage result = complete(photo);
            l1 += ImageMetrics.MeanAbsoluteError(result, photo.Image, photo.Mask);
            psnr += ImageMetrics.Psnr(result, photo.Image, photo.Mask);
        }

        return new ValidationScores(l1 / _photos.Count, psnr / _photos.Count);
    }
}

/// <summary>Mean hole L1 (0–1) and mean hole PSNR (dB) over the validation photos.</summary>
public readonly record struct ValidationScores(double HoleL1, double HolePsnr)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"L1 {HoleL1:F4}, PSNR {HolePsnr:F2} dB");
}

/// <summary>One validation: the network's scores, the references', and whether it is the best so far (lowest hole L1).</summary>
public sealed record ValidationResult(long Iteration, ValidationScores Model, ValidationScores FastMarching, ValidationScores MeanFill, bool IsBest);
