using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.Tests.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace GlcicML.Tests.Inference;

public class InpaintingTransformerTests
{
    private static readonly string[] Photos = ["astronaut.png", "coffee.png", "horse.png", "rocket.jpg", "grass.png", "brick.png"];
    private static readonly MaskGeneratorOptions Holes = new() { MinHoleSize = 20, MaxHoleSize = 60, MinHoleCount = 1, MaxHoleCount = 3 };

    [Fact]
    public void InpaintImages_KeepsInputBytesOutsideTheHoles_AndMatchesTheCoreInpainter()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Paths(ml);
        using InpaintingTransformer model = Pipeline(ml).Fit(data).LastTransformer;
        IDataView scored = model.Transform(Pipeline(ml, withInpainting: false).Fit(data).Transform(data));

        Dictionary<string, RgbImage?> images = DataViews.ReadImages(scored, "Image");
        Dictionary<string, RgbImage?> masks = DataViews.ReadImages(scored, "Mask");
        Dictionary<string, RgbImage?> inpainted = DataViews.ReadImages(scored, "Inpainted");
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel);
        foreach (string key in Photos)
        {
            var mask = InpaintingMask.FromMLImage(masks[key]!.ToMLImage());
            Assert.True(inpainter.Inpaint(images[key]!, mask).PixelsEqual(inpainted[key]!), key);
        }
    }

    [Fact]
    public void BatchedRuntime_SavedChain_AndPredictionEngine_GiveTheSamePixels()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);
        IDataView data = Paths(ml);
        var fitted = Pipeline(ml, batchSize: 4).Fit(data);
        IDataView batched = fitted.Transform(data);
        ml.Model.Save(fitted, data.Schema, temp.Combine("model.zip"));

        var fresh = new MLContext(seed: 5);
        ITransformer loaded = fresh.Model.Load(temp.Combine("model.zip"), out _);
        IDataView rowByRow = loaded.Transform(Paths(fresh));

        DataViews.AssertSameImages(DataViews.ReadImages(batched, "Inpainted"), DataViews.ReadImages(rowByRow, "Inpainted"));
        Assert.All(fitted, t => Assert.True(t.IsRowToRowMapper));
        fitted.LastTransformer.Dispose();
    }

    [Fact]
    public void NonBatchingRead_OfOtherColumns_DoesNotRunTheNetwork_AndSchemaMatchesTheSavedForm()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Paths(ml);
        using InpaintingTransformer model = Pipeline(ml).Fit(data).LastTransformer;
        IDataView input = Pipeline(ml, withInpainting: false).Fit(data).Transform(data);

        IDataView scored = model.Transform(input);

        Assert.Equal(["Key", "Path", "Image", "Mask", "Inpainted"], scored.Schema.Where(c => !c.IsHidden).Select(c => c.Name));
        Assert.Equal(Photos.Length, DataViews.ReadImages(scored, "Mask").Count);
    }

    [Fact]
    public void MissingImages_GiveMissingOutputs_InBothPaths()
    {
        using var temp = new TempFolder();
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new DataViews.PathRow { Key = "none", Path = string.Empty }, new DataViews.PathRow { Key = "coffee.png", Path = "coffee.png" } });
        var fitted = Pipeline(ml).Fit(data);
        ml.Model.Save(fitted, data.Schema, temp.Combine("m.zip"));

        Dictionary<string, RgbImage?> batched = DataViews.ReadImages(fitted.Transform(data), "Inpainted");
        Dictionary<string, RgbImage?> loaded = DataViews.ReadImages(new MLContext().Model.Load(temp.Combine("m.zip"), out _).Transform(data), "Inpainted");

        Assert.Null(batched["none"]);
        Assert.Null(loaded["none"]);
        Assert.NotNull(batched["coffee.png"]);
        fitted.LastTransformer.Dispose();
    }

    [Fact]
    public void ApplyOnnxModel_OnTheExportedModel_GivesTheLibrarysPixels_At256x256()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Paths(ml);
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel);
        // ML.NET's own steps around the exported model: load, resize to the network's size, mask and mean-fill,
        // extract the filled image's and the mask's pixels, and ApplyOnnxModel on the model file.
        IDataView scored = ml.Transforms.LoadImages("Image", Samples.Folder, "Path")
            .Append(ml.Transforms.ResizeImages("Image", 256, 256))
            .Append(ml.Transforms.GenerateInpaintingMasks(new MaskGeneratingEstimator.Options { Generator = Holes, KeyColumnName = "Key" }))
            .Append(ml.Transforms.FillHolesWithMeanColor("Filled", "Image", "Mask", mean: inpainter.Mean))
            .Append(ml.Transforms.ExtractPixels("FilledPixels", "Filled", scaleImage: 1f / 255))
            .Append(ml.Transforms.ExtractPixels("MaskPixels", "Mask", ImagePixelExtractingEstimator.ColorBits.Red, scaleImage: 1f / 255))
            .Append(ml.Transforms.Concatenate(GlcicModelInfo.InputName, "FilledPixels", "MaskPixels"))
            .Append(ml.Transforms.ApplyOnnxModel(new Microsoft.ML.Transforms.Onnx.OnnxOptions
            {
                ModelFile = Samples.TinyModel,
                InputColumns = [GlcicModelInfo.InputName],
                OutputColumns = [GlcicModelInfo.OutputName],
                ShapeDictionary = new Dictionary<string, int[]> { [GlcicModelInfo.InputName] = [1, 4, 256, 256], [GlcicModelInfo.OutputName] = [1, 3, 256, 256] },
            }))
            .Append(ml.Transforms.InpaintImages("Inpainted", Samples.TinyModel))
            .Fit(data).Transform(data);

        Dictionary<string, float[]> onnxOutput = DataViews.ReadVectors(scored, GlcicModelInfo.OutputName);
        Dictionary<string, RgbImage?> masks = DataViews.ReadImages(scored, "Mask");
        Dictionary<string, RgbImage?> library = DataViews.ReadImages(scored, "Inpainted");
        Dictionary<string, RgbImage?> images = DataViews.ReadImages(scored, "Image");
        foreach (string key in Photos)
        {
            var mask = InpaintingMask.FromMLImage(masks[key]!.ToMLImage());
            RgbImage viaApplyOnnxModel = InpaintingTensors.Composite(images[key]!, mask, onnxOutput[key]);
            Assert.True(viaApplyOnnxModel.PixelsEqual(library[key]!), key);
        }
    }

    [Fact]
    public void InpaintImages_WithAMissingOrWrongModel_FailsAtOnce()
    {
        var ml = new MLContext(seed: 1);

        Assert.Throws<FileNotFoundException>(() => ml.Transforms.InpaintImages("Inpainted", "/no/such.onnx"));
        var e = Assert.Throws<InvalidDataException>(() => ml.Transforms.InpaintImages("Inpainted", Samples.PathOf("astronaut.png")));
        Assert.Contains("is not an ONNX model", e.Message, StringComparison.Ordinal);
    }

    private static IDataView Paths(MLContext ml) => ml.Data.LoadFromEnumerable(Photos.Select(p => new DataViews.PathRow { Key = p, Path = p }).ToList());

    private static EstimatorChain<InpaintingTransformer> Pipeline(MLContext ml, int batchSize = 8) =>
        ml.Transforms.LoadImages("Image", Samples.Folder, "Path")
            .Append(ml.Transforms.ResizeImages("Image", 96, 64))
            .Append(ml.Transforms.GenerateInpaintingMasks(new MaskGeneratingEstimator.Options { Generator = Holes, KeyColumnName = "Key", Seed = 2 }))
            .Append(ml.Transforms.InpaintImages("Inpainted", Samples.TinyModel, options: new InpaintingEstimator.Options { Inpainter = new() { BatchSize = batchSize } }));

    private static IEstimator<ITransformer> Pipeline(MLContext ml, bool withInpainting) =>
        withInpainting ? Pipeline(ml) : ml.Transforms.LoadImages("Image", Samples.Folder, "Path")
            .Append(ml.Transforms.ResizeImages("Image", 96, 64))
            .Append(ml.Transforms.GenerateInpaintingMasks(new MaskGeneratingEstimator.Options { Generator = Holes, KeyColumnName = "Key", Seed = 2 }));
}
