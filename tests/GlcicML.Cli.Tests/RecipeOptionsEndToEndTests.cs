using GlcicML.Batch;
using GlcicML.Cli.Tests.TestSupport;
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.Scenes;
using GlcicML.Tests.TestSupport;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GlcicML.Cli.Tests;

/// <summary>
/// A tiny model trained with each combination of the recipe options (through every phase), exported, then run on the
/// same photos and masks by each inference path users have: ML.NET's InpaintImages, <c>glcic inpaint</c> and the
/// batch-scoring API. The three must write the same pixels.
/// </summary>
public class RecipeOptionsEndToEndTests
{
    private static readonly string[] Tiny = ["--size", "32", "--hole-min", "8", "--hole-max", "16", "--batch-size", "4", "--width", "0.125", "--threads", "1"];

    public static TheoryData<string[], string> Recipes => new()
    {
        { ["--optimizer", "adadelta", "--loss", "crop-mse", "--prefill", "mean-color"], "optimizer=adadelta lr=1 schedule=constant loss=crop-mse" },
        {
            ["--optimizer", "adam", "--schedule", "cosine", "--loss", "hole-l1", "--prefill", "fast-marching", "--grayscale", "0.5", "--precision", "bf16", "--hole-curriculum", "3"],
            "prefill=fast-marching gray=0.5 precision=bf16 curriculum=3"
        },
        {
            ["--optimizer", "adam", "--learning-rate", "0.001", "--loss", "hole-mse", "--prefill", "mean-color", "--discriminators", "global", "--channel-multiple", "16", "--hole-shape", "mixed"],
            "loss=hole-mse alpha=0.0004 batch=4 prefill=mean-color discriminators=global channels=x16 holes=mixed"
        },
    };

    [Theory]
    [MemberData(nameof(Recipes))]
    public void ModelTrainedWithTheOptions_WritesTheSamePixels_ThroughInpaintImages_GlcicInpaint_AndBatchScoring(string[] recipe, string recorded)
    {
        using var temp = new TempFolder();
        string run = temp.Combine("run");
        (int trained, _, string trainError) = Glcic.Run(["train", "--synthetic", "-o", run, "--iterations", "6", "--tc", "2", "--td", "2", "--checkpoint-every", "0", .. recipe, .. Tiny]);
        Assert.True(trained == 0, trainError);
        string model = Path.Combine(run, "model.onnx");
        string[] names = ["a.png", "b.png", "c.png"];
        (int Width, int Height)[] sizes = [(48, 40), (64, 64), (40, 56)];
        Directory.CreateDirectory(temp.Combine("in"));
        Directory.CreateDirectory(temp.Combine("masks"));
        for (int i = 0; i < names.Length; i++)
        {
            (int w, int h) = sizes[i];
            SyntheticScene.Generate(w, h, (ulong)(i + 7)).Save(temp.Combine("in", names[i]));
            InpaintingMask.FromRectangles(w, h, [new PixelRectangle(5 + i, 6, 14, 12), new PixelRectangle(w - 20, h - 18, 10, 9)]).Save(temp.Combine("masks", names[i]));
        }

        // glcic inpaint
        (int inpainted, _, string inpaintError) = Glcic.Run(["inpaint", "--model", model, "-i", temp.Combine("in"), "--masks", temp.Combine("masks"), "-o", temp.Combine("cli"), "-q"]);
        Assert.True(inpainted == 0, inpaintError);

        // Batch scoring through the library
        using (var inpainter = GlcicInpainter.Load(model))
        {
            Assert.Contains(recorded, inpainter.ModelInfo.Recipe, StringComparison.Ordinal);
            BatchReport report = BatchInpainting.Run(inpainter, new BatchInpaintingOptions { Input = temp.Combine("in"), Output = temp.Combine("batch"), Masks = MaskSource.FromPath(temp.Combine("masks")) });
            Assert.True(report.Succeeded && report.Written == names.Length, string.Join("; ", report.Failures.Select(f => f.Message)));
        }

        // ML.NET: images and masks loaded from the same files, InpaintImages on the model
        var ml = new MLContext(seed: 1);
        IDataView files = ml.Data.LoadFromEnumerable(names.Select(n => new ImageAndMaskFile { Path = n }));
        IDataView loaded = ml.Transforms.LoadImages("Image", temp.Combine("in"), "Path")
            .Append(ml.Transforms.LoadImages("Mask", temp.Combine("masks"), "Path"))
            .Fit(files).Transform(files);
        using InpaintingTransformer transformer = ml.Transforms.InpaintImages("Inpainted", model).Fit(loaded);
        IDataView scored = transformer.Transform(loaded);
        Dictionary<string, RgbImage> viaMlNet = ReadImages(scored, "Inpainted");

        foreach (string name in names)
        {
            RgbImage cli = RgbImage.Load(temp.Combine("cli", name)), batch = RgbImage.Load(temp.Combine("batch", name));
            Assert.True(cli.PixelsEqual(batch), $"{name}: glcic inpaint and batch scoring differ");
            Assert.True(cli.PixelsEqual(viaMlNet[name]), $"{name}: glcic inpaint and InpaintImages differ");
            Assert.False(cli.PixelsEqual(RgbImage.Load(temp.Combine("in", name))), $"{name}: nothing was filled");
        }
    }

    private static Dictionary<string, RgbImage> ReadImages(IDataView data, string column)
    {
        var result = new Dictionary<string, RgbImage>();
        using DataViewRowCursor cursor = data.GetRowCursor([data.Schema[column], data.Schema["Path"]]);
        ValueGetter<MLImage> image = cursor.GetGetter<MLImage>(data.Schema[column]);
        ValueGetter<ReadOnlyMemory<char>> path = cursor.GetGetter<ReadOnlyMemory<char>>(data.Schema["Path"]);
        MLImage value = null!;
        ReadOnlyMemory<char> key = default;
        while (cursor.MoveNext())
        {
            image(ref value);
            path(ref key);
            result.Add(key.ToString(), RgbImage.FromMLImage(value));
        }

        return result;
    }

    private sealed class ImageAndMaskFile
    {
        public string Path { get; set; } = string.Empty;
    }
}
