using GlcicML.Batch;
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.PostProcessing;
using GlcicML.Tests.TestSupport;
using Microsoft.ML;

namespace GlcicML.Tests.Batch;

public class SaveImagesTests
{
    [Fact]
    public void MLNetScoringPipeline_WritesTheSameFilesAsTheBatchEngine()
    {
        using var temp = new TempFolder();
        string[] names = ["a/one.png", "a/two.png", "three.png"];
        RgbImage photo = RgbImage.Load(Samples.PathOf("coffee.png")).Resize(60, 40);
        foreach (string name in names)
        {
            RgbImage.FromPixels(60, 40, [.. photo.Pixels.ToArray().Select(v => (byte)(v ^ name.Length))]).Save(temp.Combine("in", name));
        }

        var holes = new MaskGeneratorOptions { MinHoleSize = 8, MaxHoleSize = 16, MinHoleCount = 1, MaxHoleCount = 2 };
        var ml = new MLContext(seed: 1);
        IDataView paths = ml.Data.LoadFromEnumerable(names.Select(n => new DataViews.PathRow { Key = n, Path = n }).ToList());
        IDataView scored = ml.Transforms.LoadImages("Image", temp.Combine("in"), "Path")
            .Append(ml.Transforms.GenerateInpaintingMasks(new MaskGeneratingEstimator.Options { Generator = holes, KeyColumnName = "Path", Seed = 7 }))
            .Append(ml.Transforms.InpaintImages("Inpainted", Samples.TinyModel))
            .Append(ml.Transforms.PostProcessInpainting("PostProcessed", "Inpainted", "Mask"))
            .Fit(paths).Transform(paths);

        SavedImages saved = ml.Data.SaveImages(scored, temp.Combine("pipeline"), "PostProcessed", "Path");

        using var inpainter = GlcicInpainter.Load(Samples.TinyModel);
        BatchInpainting.Run(inpainter, new BatchInpaintingOptions
        {
            Input = temp.Combine("in"),
            Output = temp.Combine("engine"),
            Masks = MaskSource.Generated(holes, 7),
            PostProcessing = PostProcessingOptions.Default,
        });
        Assert.Equal(new SavedImages(3, 0), saved);
        foreach (string name in names)
        {
            Assert.Equal(File.ReadAllBytes(temp.Combine("engine", name)), File.ReadAllBytes(temp.Combine("pipeline", name)));
        }
    }

    [Fact]
    public void PathsLeadingOutOfTheFolder_AreRefused()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);
        IDataView rows = DataViews.FromImages(ml, [("../escape.png", Samples.Gradient(8, 8))]);

        Assert.Throws<UnsafeOutputPathException>(() => ml.Data.SaveImages(rows, temp.Combine("out"), "Image", "Key"));
        Assert.False(File.Exists(temp.Combine("escape.png")));
    }
}
