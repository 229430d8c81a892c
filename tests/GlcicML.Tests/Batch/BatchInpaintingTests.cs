using GlcicML.Batch;
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.PostProcessing;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Tests.Batch;

public class BatchInpaintingTests
{
    [Fact]
    public void MixedFolder_WritesEveryGoodImage_AndReportsEachBadOneWithItsReason()
    {
        using var temp = new TempFolder();
        MixedFolder(temp);
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel);

        BatchReport report = BatchInpainting.Run(inpainter, Options(temp, PostProcessingOptions.Default));

        Assert.Equal(11, report.Inputs);
        Assert.Equal(4, report.Written);
        Assert.Equal(
            [
                ("bad/empty.png", "image", "Empty"),
                ("bad/huge.png", "image", "TooLarge"),
                ("bad/mismatch.png", "mask", "SizeMismatch"),
                ("bad/nomask.png", "mask", "Missing"),
                ("bad/text.png", "image", "NotAnImage"),
                ("bad/tiny.png", "inference", "UnsupportedSize"),
                ("bad/truncated.png", "image", "Truncated"),
            ],
            report.Failures.Select(f => (f.Input, f.Stage, f.Reason)));
        Assert.All(report.Failures, f => Assert.Contains(f.Input.Split('/')[1], f.Message, StringComparison.Ordinal));
        Assert.False(report.Succeeded);

        // Each written output is the library's own result for that image and mask.
        foreach (string name in new[] { "good/astronaut.png", "good/gray.png", "good/rgba.png", "good/rotated.jpg" })
        {
            RgbImage image = RgbImage.Load(temp.Combine("in", name));
            InpaintingMask mask = InpaintingMask.Load(temp.Combine("masks", Path.ChangeExtension(name, ".png")));
            RgbImage expected = InpaintingPostProcessor.Apply(inpainter.Inpaint(image, mask), mask);
            Assert.True(RgbImage.Load(temp.Combine("out", Path.ChangeExtension(name, ".png"))).PixelsEqual(expected), name);
        }

        Assert.Equal((20, 30), Size(RgbImage.Load(temp.Combine("out", "good", "rotated.png"))));
        Assert.Empty(Directory.GetFiles(temp.Combine("out"), "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Rerun_KeepsCompleteOutputs_RedoesCutOnes_AndClearsLeftovers()
    {
        using var temp = new TempFolder();
        GoodFolder(temp, count: 6);
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel, new InpainterOptions { BatchSize = 4 });
        BatchReport first = BatchInpainting.Run(inpainter, Options(temp));
        Dictionary<string, byte[]> outputs = Outputs(temp);
        DateTime untouched = File.GetLastWriteTimeUtc(temp.Combine("out", "p1.png"));

        byte[] cut = File.ReadAllBytes(temp.Combine("out", "p2.png"));
        File.WriteAllBytes(temp.Combine("out", "p2.png"), cut[..(cut.Length / 2)]);
        string leftover = temp.WriteBytes("out/.p3.png.0123456789abcdef0123456789abcdef.tmp", [1, 2, 3]);
        BatchReport second = BatchInpainting.Run(inpainter, Options(temp));

        Assert.Equal((6, 0), (first.Written, first.AlreadyComplete));
        Assert.Equal((1, 5), (second.Written, second.AlreadyComplete));
        Assert.True(second.Succeeded);
        Assert.Equal(untouched, File.GetLastWriteTimeUtc(temp.Combine("out", "p1.png")));
        Assert.False(File.Exists(leftover));
        AssertSameOutputs(outputs, Outputs(temp));

        BatchReport redo = BatchInpainting.Run(inpainter, Options(temp) with { Redo = true });
        Assert.Equal((6, 0), (redo.Written, redo.AlreadyComplete));
        AssertSameOutputs(outputs, Outputs(temp));
    }

    [Fact]
    public void Shards_CoverTheFolderExactlyOnce_AndTheirReportsMerge()
    {
        using var temp = new TempFolder();
        GoodFolder(temp, count: 9);
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel);
        BatchInpainting.Run(inpainter, Options(temp) with { Output = temp.Combine("whole") });

        BatchReport[] shards = [.. Enumerable.Range(0, 3).Select(i => BatchInpainting.Run(inpainter, Options(temp) with { Shard = new Shard(i, 3) }))];
        BatchReport merged = BatchReport.Merge(shards);

        Assert.Equal(9, shards.Sum(s => s.Inputs));
        Assert.Equal((9, 9), (merged.Inputs, merged.Written));
        Assert.Equal(["0/3", "1/3", "2/3"], merged.Shards);
        AssertSameOutputs(Outputs(temp, "whole"), Outputs(temp));
        Assert.Throws<ArgumentException>(() => BatchReport.Merge([shards[0], shards[0]]));
    }

    [Fact]
    public void Cancelling_StopsCleanly_WithOnlyCompleteOutputs()
    {
        using var temp = new TempFolder();
        GoodFolder(temp, count: 12);
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel, new InpainterOptions { BatchSize = 2 });
        using var stop = new CancellationTokenSource();

        BatchReport report = BatchInpainting.Run(inpainter, Options(temp), onItem: _ => stop.Cancel(), cancellationToken: stop.Token);

        Assert.True(report.Cancelled);
        Assert.InRange(report.Written, 1, 11);
        Assert.InRange(report.Inputs, report.Written, 12);
        Assert.Equal(report.Inputs, report.Written + report.NotProcessed);
        Assert.All(Directory.GetFiles(temp.Combine("out"), "*.png"), f => Assert.True(OutputFiles.IsCompletePng(f), f));
        Assert.Empty(Directory.GetFiles(temp.Combine("out"), "*.tmp"));
    }

    [Fact]
    public void TwoInputsNamingOneOutput_TheFirstWins_TheOtherIsReported()
    {
        using var temp = new TempFolder();
        GoodFolder(temp, count: 1);
        File.Copy(temp.Combine("in", "p0.png"), temp.Combine("in", "p0.jpg"));
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel);

        BatchReport report = BatchInpainting.Run(inpainter, Options(temp));

        BatchFailure failure = Assert.Single(report.Failures);
        Assert.Equal(("p0.png", "output", "OutputCollision"), (failure.Input, failure.Stage, failure.Reason));
        Assert.Contains("'p0.jpg' already names the output", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, report.Written);
    }

    [Fact]
    public void OutputFolder_ThatIsTheInputFolder_IsRefused_AndNoInputChanges()
    {
        using var temp = new TempFolder();
        GoodFolder(temp, count: 3);
        Dictionary<string, byte[]> inputs = Outputs(temp, "in");
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel, new InpainterOptions { BatchSize = 4 });

        var folder = Assert.Throws<ArgumentException>(() => BatchInpainting.Run(inpainter, Options(temp) with { Output = temp.Combine("in"), Redo = true }));
        var file = Assert.Throws<ArgumentException>(() => BatchInpainting.Run(inpainter, Options(temp) with { Input = temp.Combine("in", "p1.png"), Output = temp.Combine("in"), Redo = true }));

        Assert.Contains(temp.Combine("in"), folder.Message, StringComparison.Ordinal);
        Assert.Contains("outside the input folder", file.Message, StringComparison.Ordinal);
        AssertSameOutputs(inputs, Outputs(temp, "in"));
    }

    [Fact]
    public void OutputFolder_InsideTheInputFolder_IsNotReadAsInput_OnReruns()
    {
        using var temp = new TempFolder();
        GoodFolder(temp, count: 3);
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel, new InpainterOptions { BatchSize = 4 });
        BatchInpaintingOptions inside = Options(temp) with { Output = temp.Combine("in", "results") };

        BatchReport first = BatchInpainting.Run(inpainter, inside);
        BatchReport second = BatchInpainting.Run(inpainter, inside);

        Assert.Equal((3, 3, 0), (first.Inputs, first.Written, first.Failures.Count));
        Assert.Equal((3, 3, 0), (second.Inputs, second.AlreadyComplete, second.Failures.Count));
        Assert.False(Directory.Exists(temp.Combine("in", "results", "results")));
    }

    [Fact]
    public void OutputFolder_HoldingTheInputFolder_NeverWritesIntoIt()
    {
        // -i out/in -o out: the input in/p0.png (that is, out/in/in/p0.png) has the output out/in/p0.png, another input.
        using var temp = new TempFolder();
        RgbImage photo = RgbImage.Load(Samples.PathOf("rocket.jpg")).Resize(48, 32);
        photo.Save(temp.Combine("out", "in", "p0.png"));
        photo.Save(temp.Combine("out", "in", "in", "p0.png"));
        Dictionary<string, byte[]> inputs = Outputs(temp, Path.Combine("out", "in"));
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel, new InpainterOptions { BatchSize = 4 });
        var options = new BatchInpaintingOptions
        {
            Input = temp.Combine("out", "in"),
            Output = temp.Combine("out"),
            Masks = MaskSource.Generated(new MaskGeneratorOptions { MinHoleSize = 4, MaxHoleSize = 8 }, seed: 1),
            Redo = true,
        };

        BatchReport report = BatchInpainting.Run(inpainter, options);

        Assert.Equal((2, 1), (report.Inputs, report.Written));
        BatchFailure failure = Assert.Single(report.Failures);
        Assert.Equal("WouldOverwriteInput", failure.Reason);
        Assert.Contains(temp.Combine("out", "in", "p0.png"), failure.Message, StringComparison.Ordinal);
        AssertSameOutputs(inputs, Outputs(temp, Path.Combine("out", "in")));
    }

    private static BatchInpaintingOptions Options(TempFolder temp, PostProcessingOptions? postProcessing = null) => new()
    {
        Input = temp.Combine("in"),
        Output = temp.Combine("out"),
        Masks = MaskSource.FromPath(temp.Combine("masks")),
        PostProcessing = postProcessing,
    };

    /// <summary>A folder as users have them: good photos in several encodings, and one of each kind of bad file.</summary>
    private static void MixedFolder(TempFolder temp)
    {
        RgbImage astronaut = RgbImage.Load(Samples.PathOf("astronaut.png")).Resize(64, 48);
        Write(temp, "good/astronaut.png", astronaut.Width, astronaut.Height, path => astronaut.Save(path));
        Write(temp, "good/gray.png", 40, 32, path => File.WriteAllBytes(path, TestPng.Encode(40, 32, TestPng.Gray, [.. Enumerable.Range(0, 40 * 32).Select(i => (byte)(i * 7))])));
        Write(temp, "good/rgba.png", 36, 28, path => File.WriteAllBytes(path, TestPng.Encode(36, 28, TestPng.Rgba, [.. Enumerable.Range(0, 36 * 28 * 4).Select(i => (byte)(i % 4 == 3 ? 128 : i * 3))])));
        RgbImage landscape = RgbImage.Load(Samples.PathOf("coffee.png")).Resize(30, 20);
        Write(temp, "good/rotated.jpg", 20, 30, path => File.WriteAllBytes(path, TestJpeg.WithExifOrientation(TestJpeg.Encode(landscape), orientation: 6)));
        temp.WriteBytes("in/bad/text.png", "this is a text file, not an image"u8.ToArray());
        temp.WriteBytes("in/bad/empty.png", []);
        byte[] png = File.ReadAllBytes(temp.Combine("in", "good", "astronaut.png"));
        temp.WriteBytes("in/bad/truncated.png", png[..(png.Length / 2)]);
        temp.WriteBytes("in/bad/huge.png", TestPng.HeaderOnly(20_000, 20_000));
        Samples.Gradient(40, 30).Save(temp.Combine("in", "bad", "mismatch.png"));
        InpaintingMask.FromRectangles(20, 20, [new PixelRectangle(4, 4, 8, 8)]).Save(temp.Combine("masks", "bad", "mismatch.png"));
        Samples.Gradient(40, 30).Save(temp.Combine("in", "bad", "nomask.png"));
        Samples.Gradient(1, 1).Save(temp.Combine("in", "bad", "tiny.png"));
        InpaintingMask.FromRectangles(1, 1, [new PixelRectangle(0, 0, 1, 1)]).Save(temp.Combine("masks", "bad", "tiny.png"));
    }

    private static void GoodFolder(TempFolder temp, int count)
    {
        RgbImage photo = RgbImage.Load(Samples.PathOf("rocket.jpg")).Resize(48, 32);
        for (int i = 0; i < count; i++)
        {
            int shift = i;
            Write(temp, $"p{i}.png", 48, 32, path => RgbImage.FromPixels(48, 32, [.. photo.Pixels.ToArray().Select(v => (byte)(v ^ shift))]).Save(path));
        }
    }

    /// <summary>Writes an input and a mask of the given (displayed) size with a hole in the middle.</summary>
    private static void Write(TempFolder temp, string relative, int width, int height, Action<string> write)
    {
        string path = temp.Combine("in", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        write(path);
        InpaintingMask.FromRectangles(width, height, [new PixelRectangle(width / 4, height / 4, width / 2, height / 2)])
            .Save(temp.Combine("masks", Path.ChangeExtension(relative, ".png")));
    }

    private static Dictionary<string, byte[]> Outputs(TempFolder temp, string folder = "out") =>
        Directory.GetFiles(temp.Combine(folder), "*.png", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(temp.Combine(folder), f), File.ReadAllBytes);

    private static void AssertSameOutputs(Dictionary<string, byte[]> expected, Dictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        Assert.All(expected, e => Assert.True(e.Value.AsSpan().SequenceEqual(actual[e.Key]), e.Key));
    }

    private static (int, int) Size(RgbImage image) => (image.Width, image.Height);
}
