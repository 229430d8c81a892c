using GlcicML.Imaging;
using GlcicML.Masks;
using GlcicML.Tests.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GlcicML.Tests.Masks;

public class MaskGeneratingEstimatorTests
{
    private static readonly MaskGeneratorOptions SmallHoles = new() { MinHoleSize = 8, MaxHoleSize = 24, MinHoleCount = 1, MaxHoleCount = 3 };

    [Fact]
    public void Masks_AreTheSame_WhateverTheCursorOrderParallelismOrPass()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);
        IDataView masked = MaskedShuffleableRows(ml, temp, Enumerable.Range(0, 24), seed: 5);

        Dictionary<string, RgbImage?> reference = DataViews.ReadImages(masked, "Mask");
        Dictionary<string, RgbImage?> secondPass = DataViews.ReadImages(masked, "Mask");
        Dictionary<string, RgbImage?> shuffled = ReadWithRandomizedCursor(masked, seed: 3);
        Dictionary<string, RgbImage?> parallel = ReadWithCursorSet(masked, cursors: 3);
        // The same rows fed in reverse order to a freshly fitted transformer with the same seed.
        Dictionary<string, RgbImage?> refitted = DataViews.ReadImages(MaskedShuffleableRows(ml, temp, Enumerable.Range(0, 24).Reverse(), seed: 5), "Mask");

        DataViews.AssertSameImages(reference, secondPass);
        DataViews.AssertSameImages(reference, shuffled);
        DataViews.AssertSameImages(reference, parallel);
        DataViews.AssertSameImages(reference, refitted);
        Assert.True(reference.Values.Select(m => Convert.ToHexString(m!.Pixels)).Distinct().Count() > 20, "different rows should get different masks");
    }

    [Fact]
    public void Masks_AreBinary_SizedLikeTheirImage_AndFollowTheOptions()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = DataViews.FromImages(ml, [("a", Samples.Gradient(64, 40)), ("b", Samples.Gradient(33, 70, 2))]);

        Dictionary<string, RgbImage?> masks = DataViews.ReadImages(
            ml.Transforms.GenerateInpaintingMasks(new MaskGeneratingEstimator.Options { Generator = SmallHoles }).Fit(data).Transform(data), "Mask");

        Assert.Equal((64, 40), (masks["a"]!.Width, masks["a"]!.Height));
        Assert.Equal((33, 70), (masks["b"]!.Width, masks["b"]!.Height));
        foreach (RgbImage mask in masks.Values.Select(m => m!))
        {
            Assert.All(mask.Pixels.ToArray(), v => Assert.True(v is 0 or 255));
            PixelRectangle bounds = InpaintingMask.FromMLImage(mask.ToMLImage()).HoleBounds()!.Value;
            Assert.InRange(bounds.Width, 8, mask.Width);
        }
    }

    [Fact]
    public void FreshMasksEachPass_GivesANewMaskPerPass_ReproduciblyForTheSameSeed()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);

        IDataView first = MaskedShuffleableRows(ml, temp, Enumerable.Range(0, 10), seed: 9, fresh: true);
        Dictionary<string, RgbImage?> pass1 = DataViews.ReadImages(first, "Mask");
        Dictionary<string, RgbImage?> pass2 = DataViews.ReadImages(first, "Mask");
        IDataView again = MaskedShuffleableRows(ml, temp, Enumerable.Range(0, 10), seed: 9, fresh: true);
        Dictionary<string, RgbImage?> againPass1 = DataViews.ReadImages(again, "Mask");
        Dictionary<string, RgbImage?> againPass2 = ReadWithRandomizedCursor(again, seed: 4);

        int changed = pass1.Keys.Count(k => !pass1[k]!.PixelsEqual(pass2[k]!));
        Assert.True(changed >= 8, $"only {changed} of 10 rows got a new mask on pass 2");
        DataViews.AssertSameImages(pass1, againPass1);
        DataViews.AssertSameImages(pass2, againPass2);
    }

    [Fact]
    public void KeyColumn_MakesTheMaskDependOnTheKeyOnly()
    {
        var ml = new MLContext(seed: 1);
        IDataView one = DataViews.FromImages(ml, [("photo.png", Samples.Gradient(64, 64, 1))]);
        IDataView other = DataViews.FromImages(ml, [("photo.png", Samples.Gradient(64, 64, 7))]);
        var options = new MaskGeneratingEstimator.Options { Generator = SmallHoles, KeyColumnName = "Key", Seed = 2 };

        RgbImage a = DataViews.ReadImages(ml.Transforms.GenerateInpaintingMasks(options).Fit(one).Transform(one), "Mask")["photo.png"]!;
        RgbImage b = DataViews.ReadImages(ml.Transforms.GenerateInpaintingMasks(options).Fit(other).Transform(other), "Mask")["photo.png"]!;

        Assert.True(a.PixelsEqual(b));
        InpaintingMask expected = MaskGenerator.Generate(64, 64, SmallHoles, MaskSeed.ForKey(2, "photo.png"));
        Assert.True(InpaintingMask.FromMLImage(a.ToMLImage()).ValuesEqual(expected), "the pipeline and MaskSeed.ForKey must agree");
    }

    [Fact]
    public void ImageTooSmallForTheHoles_FailsNamingTheImage()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = DataViews.FromImages(ml, [("tiny", RgbImage.Solid(1, 1, 1, 2, 3))]);
        IDataView masked = ml.Transforms.GenerateInpaintingMasks().Fit(data).Transform(data);

        var e = Assert.Throws<InvalidOperationException>(() => DataViews.ReadImages(masked, "Mask"));

        Assert.Contains("1x1", e.Message, StringComparison.Ordinal);
        Assert.Contains("MinHoleSize", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingColumn_IsReportedWithTheAvailableColumns()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = DataViews.FromImages(ml, [("a", Samples.Gradient(8, 8))]);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Transforms.GenerateInpaintingMasks("Mask", "Picture").Fit(data));

        Assert.Contains("no column 'Picture'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Key, Image", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonImageColumn_IsRejectedUpFront()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = DataViews.FromImages(ml, [("a", Samples.Gradient(8, 8))]);

        // An EstimatorChain asks every estimator for its output shape before fitting anything.
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>().Append(ml.Transforms.GenerateInpaintingMasks("Mask", "Key"));

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => chain.Fit(data));

        Assert.Contains("must be an image column", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Rows of image files behind a cached path column, so cursors can shuffle (LoadFromEnumerable cannot, and
    /// ShuffleRows drops image columns), then LoadImages and the mask generator.
    /// </summary>
    private static IDataView MaskedShuffleableRows(MLContext ml, TempFolder temp, IEnumerable<int> rows, int seed, bool fresh = false)
    {
        var paths = new List<DataViews.PathRow>();
        foreach (int i in rows)
        {
            string name = $"row{i}.png";
            if (!File.Exists(temp.Combine(name)))
            {
                Samples.Gradient(48 + (i % 3 * 8), 40, variant: i).Save(temp.Combine(name));
            }

            paths.Add(new DataViews.PathRow { Key = $"row{i}", Path = name });
        }

        IDataView data = ml.Data.Cache(ml.Data.LoadFromEnumerable(paths));
        return ml.Transforms.LoadImages("Image", temp.Path, "Path")
            .Append(ml.Transforms.GenerateInpaintingMasks(new MaskGeneratingEstimator.Options { Generator = SmallHoles, Seed = seed, FreshMasksEachPass = fresh }))
            .Fit(data).Transform(data);
    }

    /// <summary>Reads through a shuffling cursor (ShuffleRows would drop the image columns, which it cannot cache).</summary>
    private static Dictionary<string, RgbImage?> ReadWithRandomizedCursor(IDataView data, int seed)
    {
        DataViewSchema.Column mask = data.Schema["Mask"], key = data.Schema["Key"];
        Assert.True(data.CanShuffle);
        using DataViewRowCursor cursor = data.GetRowCursor([mask, key], new Random(seed));
        Dictionary<string, RgbImage?> result = DataViews.ReadImages(cursor, mask, key);
        Assert.NotEqual(DataViews.ReadImages(data, "Mask").Keys, result.Keys); // the order really differs
        return result;
    }

    private static Dictionary<string, RgbImage?> ReadWithCursorSet(IDataView data, int cursors)
    {
        DataViewSchema.Column mask = data.Schema["Mask"], key = data.Schema["Key"];
        DataViewRowCursor[] set = data.GetRowCursorSet([mask, key], cursors);
        Dictionary<string, RgbImage?>[] parts = set.AsParallel().Select(c =>
        {
            using (c)
            {
                return DataViews.ReadImages(c, mask, key);
            }
        }).ToArray();
        return parts.SelectMany(p => p).ToDictionary(p => p.Key, p => p.Value);
    }
}
