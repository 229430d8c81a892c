using GlcicML.Filling;
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.PostProcessing;
using GlcicML.Scenes;
using GlcicML.Training.Export;
using GlcicML.Training.Networks;
using GlcicML.Training.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace GlcicML.Training.Tests.Export;

/// <summary>The fast-marching prefill: an untrained residual model is Telea, on every inference path.</summary>
[Collection("Torch")]
public class ResidualPrefillTests
{
    private static readonly GlcicModelInfo Info = new(GlcicModelInfo.CurrentFormatVersion, new MeanColor(0.45, 0.42, 0.4), 64, 16, 32, 0.125, 0, "float32", null, HolePrefill.FastMarching);

    [Fact]
    public void UntrainedResidualModel_ReproducesTeleaRadius5_PixelForPixel_InTheInpainterAndMLNet()
    {
        using var network = new CompletionNetwork(0.125, residual: true);
        network.eval();
        byte[] model = OnnxExporter.ToOnnx(network, Info);
        RgbImage[] images = [SyntheticScene.Generate(96, 64, 1), SyntheticScene.Generate(70, 50, 2)];
        InpaintingMask[] masks = [.. images.Select((image, i) => MaskGenerator.Generate(image.Width, image.Height, MaskGeneratorOptions.AuthorsInference with { MaxHoleSize = 40, MinHoleSize = 12 }, (ulong)i + 7))];

        using GlcicInpainter inpainter = GlcicInpainter.FromBytes(model, "residual.onnx");
        IReadOnlyList<RgbImage> completed = inpainter.Inpaint(images, masks);

        for (int i = 0; i < images.Length; i++)
        {
            Assert.Equal(TeleaInpainting.Inpaint(images[i], masks[i], NetworkInput.FastMarchingRadius).Pixels.ToArray(), completed[i].Pixels.ToArray());
        }

        // The ML.NET transform, fitted and after a save/load round trip (the row-by-row chain reads the prefill from its saved state).
        string folder = Directory.CreateTempSubdirectory("glcic-residual-").FullName;
        try
        {
            for (int i = 0; i < images.Length; i++)
            {
                images[i].Save(Path.Combine(folder, $"{i}.png"));
                masks[i].Save(Path.Combine(folder, $"{i}-mask.png"));
            }

            var ml = new MLContext(seed: 1);
            IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, images.Length).Select(i => new Row { Path = $"{i}.png", MaskPath = $"{i}-mask.png" }).ToList());
            var pipeline = ml.Transforms.LoadImages("Image", folder, nameof(Row.Path))
                .Append(ml.Transforms.LoadImages("Mask", folder, nameof(Row.MaskPath)))
                .Append(ml.Transforms.InpaintImages(model, "residual.onnx", new Inference.InpaintingEstimator.Options { OutputColumnName = "Inpainted" }));
            ITransformer fitted = pipeline.Fit(data);
            string saved = Path.Combine(folder, "model.zip");
            ml.Model.Save(fitted, data.Schema, saved);
            ITransformer loaded = ml.Model.Load(saved, out _);
            foreach (ITransformer transformer in new[] { fitted, loaded })
            {
                IDataView scored = transformer.Transform(data);
                using var cursor = scored.GetRowCursor(scored.Schema);
                ValueGetter<MLImage> getter = cursor.GetGetter<MLImage>(scored.Schema["Inpainted"]);
                for (int i = 0; cursor.MoveNext(); i++)
                {
                    MLImage output = null!;
                    getter(ref output);
                    Assert.Equal(TeleaInpainting.Inpaint(images[i], masks[i], NetworkInput.FastMarchingRadius).Pixels.ToArray(), RgbImage.FromMLImage(output).Pixels.ToArray());
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TrainedResidualModel_Export_MatchesTorchSharp_Within1e4()
    {
        random.manual_seed(4);
        using var network = new CompletionNetwork(0.125, residual: true);
        using (no_grad())
        {
            network.Layers[^1].Weight.normal_(0, 0.05);
            network.Layers[^1].Bias.normal_(0, 0.05);
        }

        network.eval();
        random.manual_seed(5);
        using Tensor input = rand(2, 4, 32, 48);
        float[] expected;
        using (no_grad())
        using (Tensor output = network.call(input))
        {
            expected = output.data<float>().ToArray();
        }

        float[] actual = OnnxExportTests.RunOnnx(OnnxExporter.ToOnnx(network, Info), input.data<float>().ToArray(), [2, 4, 32, 48]);

        float maxDifference = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDifference <= 1e-4f, $"max |TorchSharp - ONNX Runtime| = {maxDifference}");
        Assert.Contains(expected, v => v is > 0f and < 1f);
    }

    [Fact]
    public void Metadata_RecordsThePrefill_AndTheOldestFormatThatDescribesIt()
    {
        using var residual = new CompletionNetwork(0.125, residual: true);
        using var plain = new CompletionNetwork(0.125);
        using var residualSession = new InferenceSession(OnnxExporter.ToOnnx(residual, Info));
        using var plainSession = new InferenceSession(OnnxExporter.ToOnnx(plain, Info with { Prefill = HolePrefill.MeanColor }));

        Assert.Equal("2", residualSession.ModelMetadata.CustomMetadataMap["glcic.format_version"]);
        Assert.Equal("fast-marching", residualSession.ModelMetadata.CustomMetadataMap["glcic.prefill"]);
        Assert.Equal(HolePrefill.FastMarching, GlcicModelInfo.FromProperties(residualSession.ModelMetadata.CustomMetadataMap, "r").Prefill);
        Assert.Equal("1", plainSession.ModelMetadata.CustomMetadataMap["glcic.format_version"]);
        Assert.False(plainSession.ModelMetadata.CustomMetadataMap.ContainsKey("glcic.prefill"));
        Assert.Equal(HolePrefill.MeanColor, GlcicModelInfo.FromProperties(plainSession.ModelMetadata.CustomMetadataMap, "p").Prefill);
        Assert.Contains("prefill=fast-marching", new GlcicTrainingOptions { Prefill = HolePrefill.FastMarching }.Recipe, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_RefusesANetworkWhoseHeadDisagreesWithThePrefill()
    {
        using var plain = new CompletionNetwork(0.125);

        var e = Assert.Throws<ArgumentException>(() => OnnxExporter.ToOnnx(plain, Info));

        Assert.Contains("fast-marching", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownPrefillInMetadata_IsRefused_NamingTheModel()
    {
        var properties = new Dictionary<string, string>(Info.ToProperties()) { ["glcic.prefill"] = "patchmatch" };

        var e = Assert.Throws<InvalidDataException>(() => GlcicModelInfo.FromProperties(properties, "odd.onnx"));

        Assert.Contains("odd.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("patchmatch", e.Message, StringComparison.Ordinal);
    }

    private sealed class Row
    {
        public string Path { get; set; } = "";

        public string MaskPath { get; set; } = "";
    }
}
