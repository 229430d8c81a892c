using GlcicML.Filling;
using GlcicML.Imaging;
using GlcicML.Masks;
using GlcicML.Tests.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GlcicML.Tests.Transforms;

/// <summary>GlcicML's estimators in one EstimatorChain with ML.NET's own image transforms, fitted, saved and reloaded.</summary>
public class PipelineTests
{
    private static readonly string[] Photos = ["astronaut.png", "coffee.png", "horse.png", "rocket.jpg", "grass.png"];

    [Fact]
    public void LoadResizeMaskFillExtract_InOneChain_SurvivesSaveAndLoadInAFreshContext()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Photos.Select(p => new DataViews.PathRow { Key = p, Path = p }).ToList());
        IEstimator<ITransformer> pipeline = ml.Transforms.LoadImages("Image", Samples.Folder, "Path")
            .Append(ml.Transforms.ResizeImages("Image", 64, 48, "Image"))
            .Append(ml.Transforms.GenerateInpaintingMasks(new MaskGeneratingEstimator.Options
            {
                Generator = new MaskGeneratorOptions { MinHoleSize = 8, MaxHoleSize = 20, MinHoleCount = 1, MaxHoleCount = 2 },
                Seed = 3,
            }))
            .Append(ml.Transforms.FillHolesWithMeanColor("Filled", "Image", "Mask", networkInputColumnName: "NetworkInput"))
            .Append(ml.Transforms.ExtractPixels("FilledPixels", "Filled", scaleImage: 1f / 255));

        ITransformer model = pipeline.Fit(data);
        IDataView scored = model.Transform(data);
        string zip = temp.Combine("model.zip");
        ml.Model.Save(model, data.Schema, zip);
        var fresh = new MLContext(seed: 99);
        ITransformer loaded = fresh.Model.Load(zip, out _);
        IDataView rescored = loaded.Transform(fresh.Data.LoadFromEnumerable(Photos.Select(p => new DataViews.PathRow { Key = p, Path = p }).ToList()));

        foreach (string column in new[] { "Mask", "Filled" })
        {
            DataViews.AssertSameImages(DataViews.ReadImages(scored, column), DataViews.ReadImages(rescored, column));
        }

        foreach (string column in new[] { "NetworkInput", "FilledPixels" })
        {
            Dictionary<string, float[]> before = DataViews.ReadVectors(scored, column), after = DataViews.ReadVectors(rescored, column);
            Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
        }

        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 3, 48, 64), scored.Schema["FilledPixels"].Type);

        // A new process knows only the unsized image type, which GlcicML registers. The loaded chain must not rely on
        // anything else, or it would work here (registrations are process-wide) and fail in a fresh process.
        Assert.False(DataViewTypeManagerKnows(new Microsoft.ML.Transforms.Image.ImageDataViewType(48, 64)));
        Assert.True(DataViewTypeManagerKnows(new Microsoft.ML.Transforms.Image.ImageDataViewType()));
    }

    private static bool DataViewTypeManagerKnows(DataViewType type) =>
        (bool)typeof(DataViewTypeManager).GetMethod("Knows", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static, [typeof(DataViewType)])!
            .Invoke(null, [type])!;

    [Fact]
    public void Pipeline_Outputs_MatchTheCoreLibrary()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Photos.Select(p => new DataViews.PathRow { Key = p, Path = p }).ToList());
        var generator = new MaskGeneratorOptions { MinHoleSize = 30, MaxHoleSize = 90, MinHoleCount = 2, MaxHoleCount = 3 };
        EstimatorChain<MeanColorFillingTransformer> pipeline = ml.Transforms.LoadImages("Image", Samples.Folder, "Path")
            .Append(ml.Transforms.GenerateInpaintingMasks(new MaskGeneratingEstimator.Options { Generator = generator, KeyColumnName = "Key", Seed = 8 }))
            .Append(ml.Transforms.FillHolesWithMeanColor("Filled", "Image", "Mask", networkInputColumnName: "NetworkInput"));

        TransformerChain<MeanColorFillingTransformer> fitted = pipeline.Fit(data);
        IDataView scored = fitted.Transform(data);
        MeanColor mean = fitted.LastTransformer.Mean;

        Dictionary<string, RgbImage?> images = DataViews.ReadImages(scored, "Image");
        Dictionary<string, RgbImage?> masks = DataViews.ReadImages(scored, "Mask");
        Dictionary<string, RgbImage?> filled = DataViews.ReadImages(scored, "Filled");
        Dictionary<string, float[]> inputs = DataViews.ReadVectors(scored, "NetworkInput");
        var accumulator = new MeanColorAccumulator();
        foreach (RgbImage image in images.Values.Select(i => i!))
        {
            accumulator.Add(image);
        }

        Assert.Equal(accumulator.Mean, mean);
        foreach (string key in Photos)
        {
            RgbImage image = images[key]!;
            InpaintingMask expectedMask = MaskGenerator.Generate(image.Width, image.Height, generator, MaskSeed.ForKey(8, key));
            Assert.True(InpaintingMask.FromMLImage(masks[key]!.ToMLImage()).ValuesEqual(expectedMask), key);
            Assert.True(MeanColorFill.Apply(image, expectedMask, mean).PixelsEqual(filled[key]!), key);
            Assert.Equal(MeanColorFill.CreateNetworkInput(image, expectedMask, mean), inputs[key]);
        }
    }

    [Fact]
    public void PredictionEngine_WorksRowByRow()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = DataViews.FromImages(ml, [("a", Samples.Gradient(32, 32))]);
        ITransformer model = ml.Transforms.GenerateInpaintingMasks(new MaskGeneratingEstimator.Options { Generator = new MaskGeneratorOptions { MinHoleSize = 4, MaxHoleSize = 8 } })
            .Append(ml.Transforms.FillHolesWithMeanColor(mean: MeanColor.MidGray))
            .Fit(data);

        using PredictionEngine<DataViews.KeyedImage, FilledRow> engine = ml.Model.CreatePredictionEngine<DataViews.KeyedImage, FilledRow>(model);
        FilledRow result = engine.Predict(new DataViews.KeyedImage { Key = "x", Image = Samples.Gradient(40, 20).ToMLImage() });

        Assert.Equal((40, 20), (result.Filled!.Width, result.Filled.Height));
        Assert.Equal((40, 20), (result.Mask!.Width, result.Mask.Height));
    }

    [Fact]
    public void InputImages_AreNeverModified()
    {
        var ml = new MLContext(seed: 1);
        RgbImage original = Samples.Gradient(50, 40, 4);
        using MLImage input = original.ToMLImage();
        byte[] before = input.Pixels.ToArray();
        ImageTypeRegistrationForTests();
        IDataView data = ml.Data.LoadFromEnumerable([new DataViews.KeyedImage { Key = "a", Image = input }]);

        IDataView scored = ml.Transforms.GenerateInpaintingMasks(new MaskGeneratingEstimator.Options { Generator = new MaskGeneratorOptions { MinHoleSize = 10, MaxHoleSize = 30 } })
            .Append(ml.Transforms.FillHolesWithMeanColor())
            .Fit(data).Transform(data);
        _ = DataViews.ReadImages(scored, "Filled");

        Assert.Equal(before, input.Pixels.ToArray());
    }

    [Fact]
    public void MissingImage_GivesMissingMaskAndFill()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new DataViews.PathRow { Key = "none", Path = string.Empty }, new DataViews.PathRow { Key = "astro", Path = "astronaut.png" } });
        IDataView scored = ml.Transforms.LoadImages("Image", Samples.Folder, "Path")
            .Append(ml.Transforms.GenerateInpaintingMasks())
            .Append(ml.Transforms.FillHolesWithMeanColor())
            .Fit(data).Transform(data);

        Assert.Null(DataViews.ReadImages(scored, "Mask")["none"]);
        Assert.Null(DataViews.ReadImages(scored, "Filled")["none"]);
        Assert.NotNull(DataViews.ReadImages(scored, "Filled")["astro"]);
    }

    private static void ImageTypeRegistrationForTests() => GlcicML.Transforms.Persistence.ImageTypeRegistration.Ensure();

    public sealed class FilledRow
    {
        public MLImage? Mask { get; set; }

        public MLImage? Filled { get; set; }
    }
}
