using BenchmarkDotNet.Attributes;
using GlcicML.Filling;
using GlcicML.Imaging;
using GlcicML.Masks;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace GlcicML.Benchmarks;

/// <summary>
/// Mask generation and mean-colour fill at 512², one image per operation, single-threaded: the cost GlcicML adds in
/// front of the network. The ML.NET rows run the same work through a fitted pipeline (MLImage in and out).
/// </summary>
[MemoryDiagnoser]
public class MaskAndFillBenchmarks
{
    private const int PipelineRows = 8;
    private static readonly MeanColor Mean = new(0.47, 0.40, 0.39);
    private RgbImage _image = null!;
    private InpaintingMask _mask = null!;
    private float[] _networkInput = null!;
    private IDataView _scored = null!;
    private ulong _seed;

    /// <summary>Image side in pixels.</summary>
    [Params(512)]
    public int Size { get; set; } = 512;

    [GlobalSetup]
    public void Setup()
    {
        _image = SyntheticImage(Size, Size);
        _mask = MaskGenerator.Generate(Size, Size, MaskGeneratorOptions.PaperTraining, 1);
        _networkInput = new float[Size * Size * MeanColorFill.NetworkInputChannels];
        var ml = new MLContext(seed: 1);
        // In-memory MLImage rows need the image type registered (ML.NET's own rule for custom column types).
        DataViewTypeManager.Register(new ImageDataViewType(), typeof(MLImage));
        IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, PipelineRows).Select(i => new ImageRow { Image = SyntheticImage(Size, Size, i).ToMLImage() }).ToList());
        _scored = ml.Transforms.GenerateInpaintingMasks(new MaskGeneratingEstimator.Options { Generator = MaskGeneratorOptions.AuthorsInference })
            .Append(ml.Transforms.FillHolesWithMeanColor(mean: Mean))
            .Fit(data).Transform(data);
    }

    [Benchmark(Description = "rectangle mask (paper holes)")]
    public InpaintingMask RectangleMask() => MaskGenerator.Generate(Size, Size, MaskGeneratorOptions.PaperTraining, ++_seed);

    [Benchmark(Description = "free-form mask (5-35% strokes)")]
    public InpaintingMask FreeFormMask() => MaskGenerator.Generate(Size, Size, MaskGeneratorOptions.FreeFormStrokes, ++_seed);

    [Benchmark(Description = "mean fill (RgbImage)")]
    public RgbImage MeanFill() => MeanColorFill.Apply(_image, _mask, Mean);

    [Benchmark(Description = "network input (4 planes)")]
    public float[] NetworkInput()
    {
        MeanColorFill.WriteNetworkInput(_image, _mask, Mean, _networkInput);
        return _networkInput;
    }

    [Benchmark(Baseline = true, Description = "rectangle mask + mean fill + network input")]
    public float[] MaskFillAndInput()
    {
        InpaintingMask mask = MaskGenerator.Generate(Size, Size, MaskGeneratorOptions.PaperTraining, ++_seed);
        MeanColorFill.WriteNetworkInput(_image, mask, Mean, _networkInput);
        return _networkInput;
    }

    [Benchmark(OperationsPerInvoke = PipelineRows, Description = "ML.NET pipeline: masks + fill (per image)")]
    public int MLNetPipeline()
    {
        DataViewSchema.Column filled = _scored.Schema["Filled"];
        using DataViewRowCursor cursor = _scored.GetRowCursor([filled]);
        ValueGetter<MLImage> getter = cursor.GetGetter<MLImage>(filled);
        MLImage image = null!;
        int pixels = 0;
        while (cursor.MoveNext())
        {
            getter(ref image);
            pixels += image.Width;
            image.Dispose();
        }

        return pixels;
    }

    internal static RgbImage SyntheticImage(int width, int height, int variant = 0)
    {
        var pixels = new byte[width * height * 3];
        var random = new Random(variant);
        random.NextBytes(pixels);
        return RgbImage.FromPixels(width, height, pixels);
    }

    public sealed class ImageRow
    {
        public MLImage? Image { get; set; }
    }
}
