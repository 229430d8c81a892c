using GlcicML.Imaging;
using GlcicML.Masks;
using GlcicML.PostProcessing;
using GlcicML.Tests.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GlcicML.Tests.PostProcessing;

public class PostProcessingTransformTests
{
    private static readonly MaskGeneratorOptions Holes = new() { MinHoleSize = 12, MaxHoleSize = 30, MinHoleCount = 1, MaxHoleCount = 3 };

    [Fact]
    public void AfterInpaintImages_GivesTheCoreResult_AndKeepsPixelsOutsideTheHoles()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Paths(ml, "astronaut.png", "coffee.png", "grass.png");

        IDataView scored = Pipeline(ml, PostProcessingOptions.Default).Fit(data).Transform(data);

        Dictionary<string, RgbImage?> inpainted = DataViews.ReadImages(scored, "Inpainted");
        Dictionary<string, RgbImage?> masks = DataViews.ReadImages(scored, "Mask");
        Dictionary<string, RgbImage?> polished = DataViews.ReadImages(scored, "PostProcessed");
        foreach ((string key, RgbImage? image) in inpainted)
        {
            var mask = InpaintingMask.FromMLImage(masks[key]!.ToMLImage());
            Assert.True(InpaintingPostProcessor.Apply(image!, mask).PixelsEqual(polished[key]!), key);
            PixelAssert.OutsideUnchanged(image!, polished[key]!, mask);
            Assert.False(polished[key]!.PixelsEqual(image!), $"{key}: post-processing changed nothing");
        }
    }

    [Fact]
    public void OnTheOpenCvFixture_MatchesOpenCvsPipeline()
    {
        // The composite and mask as files, loaded with ML.NET's own LoadImages: the transform must give OpenCV's
        // Telea + seamlessClone result within the parity bounds.
        var ml = new MLContext(seed: 1);
        string folder = Path.GetDirectoryName(OpenCvParityTests.Path("coffee-strokes", "composite.png"))!;
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new FixtureRow { Key = "coffee-strokes", Composite = "composite.png", MaskFile = "mask.png" } });

        IDataView scored = ml.Transforms.LoadImages("Inpainted", folder, nameof(FixtureRow.Composite))
            .Append(ml.Transforms.LoadImages("MaskImage", folder, nameof(FixtureRow.MaskFile)))
            .Append(ml.Transforms.ConvertToInpaintingMasks("Mask", "MaskImage", "Inpainted"))
            .Append(ml.Transforms.PostProcessInpainting())
            .Fit(data).Transform(data);

        (RgbImage _, InpaintingMask mask) = OpenCvParityTests.Load("coffee-strokes");
        RgbImage ours = DataViews.ReadImages(scored, "PostProcessed")["coffee-strokes"]!;
        (double mean, double p99) = OpenCvParityTests.HoleDifference(ours, RgbImage.Load(OpenCvParityTests.Path("coffee-strokes", "blend.png")), mask);
        Assert.True(mean <= 4.0 && p99 <= 24, $"mean {mean:F2}, p99 {p99}");
    }

    [Fact]
    public void Steps_CanBeChosen_TeleaOnlyGivesTheFastMarchingResult()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Paths(ml, "rocket.jpg");
        var teleaOnly = new PostProcessingOptions { Blend = false, TeleaRadius = 3 };

        IDataView scored = Pipeline(ml, teleaOnly).Fit(data).Transform(data);

        RgbImage inpainted = DataViews.ReadImages(scored, "Inpainted")["rocket.jpg"]!;
        var mask = InpaintingMask.FromMLImage(DataViews.ReadImages(scored, "Mask")["rocket.jpg"]!.ToMLImage());
        Assert.True(TeleaInpainting.Inpaint(inpainted, mask, 3).PixelsEqual(DataViews.ReadImages(scored, "PostProcessed")["rocket.jpg"]!));
    }

    [Fact]
    public void SavedAndLoadedInAFreshContext_GivesTheSamePixels()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);
        IDataView data = Paths(ml, "horse.png", "brick.png");
        var fitted = Pipeline(ml, new PostProcessingOptions { TeleaRadius = 2 }).Fit(data);
        Dictionary<string, RgbImage?> before = DataViews.ReadImages(fitted.Transform(data), "PostProcessed");
        ml.Model.Save(fitted, data.Schema, temp.Combine("model.zip"));

        var fresh = new MLContext(seed: 9);
        Dictionary<string, RgbImage?> after = DataViews.ReadImages(fresh.Model.Load(temp.Combine("model.zip"), out _).Transform(Paths(fresh, "horse.png", "brick.png")), "PostProcessed");

        DataViews.AssertSameImages(before, after);
        (fitted as IDisposable)?.Dispose();
    }

    [Fact]
    public void WrongColumns_AndAMaskOfAnotherSize_AreClearErrors()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = DataViews.FromImages(ml, [("a", Samples.Gradient(40, 30))]);

        var missing = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.PostProcessInpainting("Out", "Image", "NoSuchMask").Fit(data));
        Assert.Contains("NoSuchMask", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.PostProcessInpainting(steps: new PostProcessingOptions { TeleaRadius = 0 }));

        IDataView withOtherMask = ml.Data.LoadFromEnumerable(new[]
        {
            new ImageAndMask { Key = "a", Image = Samples.Gradient(40, 30).ToMLImage(), Mask = InpaintingMask.FromRectangles(20, 20, [new PixelRectangle(5, 5, 6, 6)]).ToMLImage() },
        });
        var e = Assert.ThrowsAny<Exception>(() => DataViews.ReadImages(ml.Transforms.PostProcessInpainting("Out", "Image").Fit(withOtherMask).Transform(withOtherMask), "Out"));
        Assert.Contains("the mask (20x20) does not match an image of 40x30", e.GetBaseException().Message, StringComparison.Ordinal);
    }

    private static IDataView Paths(MLContext ml, params string[] photos) =>
        ml.Data.LoadFromEnumerable(photos.Select(p => new DataViews.PathRow { Key = p, Path = p }).ToList());

    private static IEstimator<ITransformer> Pipeline(MLContext ml, PostProcessingOptions steps) =>
        ml.Transforms.LoadImages("Image", Samples.Folder, "Path")
            .Append(ml.Transforms.ResizeImages("Image", 96, 64))
            .Append(ml.Transforms.GenerateInpaintingMasks(new MaskGeneratingEstimator.Options { Generator = Holes, KeyColumnName = "Key", Seed = 3 }))
            .Append(ml.Transforms.InpaintImages("Inpainted", Samples.TinyModel))
            .Append(ml.Transforms.PostProcessInpainting("PostProcessed", "Inpainted", "Mask", steps));

    private sealed class ImageAndMask
    {
        public string Key { get; set; } = string.Empty;

        public MLImage? Image { get; set; }

        public MLImage? Mask { get; set; }
    }

    private sealed class FixtureRow
    {
        public string Key { get; set; } = string.Empty;

        public string Composite { get; set; } = string.Empty;

        public string MaskFile { get; set; } = string.Empty;
    }
}
