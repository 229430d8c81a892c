using GlcicML.Filling;
using GlcicML.Imaging;
using GlcicML.Masks;
using GlcicML.Tests.TestSupport;
using Microsoft.ML;

namespace GlcicML.Tests.Filling;

public class MaskAndFillEstimatorTests
{
    [Fact]
    public void ConvertToInpaintingMasks_ReadsUserMasks_WithThresholdAndPolarity()
    {
        using var temp = new TempFolder();
        Samples.Gradient(6, 4).Save(temp.Combine("images", "a.png"));
        temp.WriteBytes("masks/a.png", TestPng.Encode(6, 4, TestPng.Gray, [.. Enumerable.Range(0, 24).Select(i => (byte)(i * 10))]));
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new DataViews.PathRow { Key = "a", Path = "a.png" } });

        IDataView scored = ml.Transforms.LoadImages("Image", temp.Combine("images"), "Path")
            .Append(ml.Transforms.LoadImages("MaskImage", temp.Combine("masks"), "Path"))
            .Append(ml.Transforms.ConvertToInpaintingMasks("Mask", "MaskImage", "Image", new MaskReadOptions { Threshold = 0.5, Polarity = MaskPolarity.DarkIsHole }))
            .Fit(data).Transform(data);

        InpaintingMask mask = InpaintingMask.FromMLImage(DataViews.ReadImages(scored, "Mask")["a"]!.ToMLImage());
        // Values 0..120 are dark (< 128): holes; 130..230 are known.
        Assert.Equal(Enumerable.Range(0, 24).Select(i => i * 10 < 128 ? (byte)1 : (byte)0), mask.Values.ToArray());
    }

    [Fact]
    public void ConvertToInpaintingMasks_WrongSize_NamesBothFilesAndSizes()
    {
        using var temp = new TempFolder();
        Samples.Gradient(20, 10).Save(temp.Combine("images", "photo.png"));
        InpaintingMask.Empty(10, 10).Save(temp.Combine("masks", "photo.png"));
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new DataViews.PathRow { Key = "p", Path = "photo.png" } });
        IDataView scored = ml.Transforms.LoadImages("Image", temp.Combine("images"), "Path")
            .Append(ml.Transforms.LoadImages("MaskImage", temp.Combine("masks"), "Path"))
            .Append(ml.Transforms.ConvertToInpaintingMasks("Mask", "MaskImage"))
            .Fit(data).Transform(data);

        var e = Assert.Throws<InvalidOperationException>(() => DataViews.ReadImages(scored, "Mask"));

        Assert.Contains(Path.Combine(temp.Combine("masks"), "photo.png"), e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(temp.Combine("images"), "photo.png"), e.Message, StringComparison.Ordinal);
        Assert.Contains("10x10", e.Message, StringComparison.Ordinal);
        Assert.Contains("20x10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadInpaintingMask_EmbedsTheFile_SoTheSavedModelNoLongerNeedsIt()
    {
        using var temp = new TempFolder();
        InpaintingMask mask = InpaintingMask.FromRectangles(16, 12, [new PixelRectangle(2, 3, 5, 4)]);
        string maskFile = temp.Combine("one-mask.png");
        mask.Save(maskFile);
        var ml = new MLContext(seed: 1);
        IDataView data = DataViews.FromImages(ml, [("a", Samples.Gradient(16, 12)), ("b", Samples.Gradient(16, 12, 3))]);
        ITransformer model = ml.Transforms.LoadInpaintingMask("Mask", maskFile).Fit(data);
        ml.Model.Save(model, null, temp.Combine("model.zip"));
        File.Delete(maskFile);

        ITransformer loaded = new MLContext().Model.Load(temp.Combine("model.zip"), out _);
        Dictionary<string, RgbImage?> masks = DataViews.ReadImages(loaded.Transform(data), "Mask");

        Assert.All(masks.Values, m => Assert.True(InpaintingMask.FromMLImage(m!.ToMLImage()).ValuesEqual(mask)));
    }

    [Fact]
    public void LoadInpaintingMask_MissingFile_FailsAtOnceNamingIt()
    {
        var ml = new MLContext(seed: 1);

        var e = Assert.Throws<ImageLoadException>(() => ml.Transforms.LoadInpaintingMask("Mask", "/no/such/mask.png"));

        Assert.Equal(ImageLoadFailure.NotFound, e.Reason);
        Assert.Contains("/no/such/mask.png", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FillHolesWithMeanColor_FitComputesTheDatasetMean_OverImagesOfAnySize()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = DataViews.FromImages(ml, [("a", RgbImage.Solid(10, 10, 255, 0, 0)), ("b", RgbImage.Solid(30, 10, 0, 0, 255))]);
        IDataView withMasks = ml.Transforms.GenerateInpaintingMasks(new MaskGeneratingEstimator.Options { Generator = new() { MinHoleSize = 2, MaxHoleSize = 4 } }).Fit(data).Transform(data);

        MeanColorFillingTransformer fill = ml.Transforms.FillHolesWithMeanColor().Fit(withMasks);

        Assert.Equal(new MeanColor(100.0 / 400, 0, 300.0 / 400), fill.Mean);
    }

    [Fact]
    public void FillHolesWithMeanColor_GivenMean_ReadsNoData_AndUsesIt()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = DataViews.FromImages(ml, [("a", RgbImage.Solid(8, 8, 0, 0, 0))]);
        IDataView withMasks = ml.Transforms.LoadInpaintingMaskFromRectangles(8, 8).Fit(data).Transform(data);

        IDataView filled = ml.Transforms.FillHolesWithMeanColor(mean: new MeanColor(1, 0.5, 0)).Fit(withMasks).Transform(withMasks);

        RgbImage result = DataViews.ReadImages(filled, "Filled")["a"]!;
        Assert.Equal(new byte[] { 255, 128, 0 }, result.Pixels[..3].ToArray());
        Assert.Equal(new byte[] { 0, 0, 0 }, result.Pixels[^3..].ToArray());
    }

    [Fact]
    public void FillHolesWithMeanColor_NoImages_ExplainsAndSuggestsPassingTheMean()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = DataViews.FromImages(ml, []);
        IDataView withMasks = ml.Transforms.GenerateInpaintingMasks().Fit(data).Transform(data);

        var e = Assert.Throws<InvalidOperationException>(() => ml.Transforms.FillHolesWithMeanColor().Fit(withMasks));

        Assert.Contains("Pass the mean explicitly", e.Message, StringComparison.Ordinal);
    }
}

/// <summary>Test helper: a one-rectangle mask file in the top-left corner, through LoadInpaintingMask.</summary>
internal static class MaskTestCatalog
{
    public static MaskConvertingEstimator LoadInpaintingMaskFromRectangles(this TransformsCatalog catalog, int width, int height)
    {
        string path = Path.Combine(Path.GetTempPath(), $"glcic-mask-{Guid.NewGuid():N}.png");
        InpaintingMask.FromRectangles(width, height, [new PixelRectangle(0, 0, 2, 2)]).Save(path);
        try
        {
            return catalog.LoadInpaintingMask("Mask", path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
