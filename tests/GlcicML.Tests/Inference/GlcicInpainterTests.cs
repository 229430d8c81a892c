using GlcicML.Filling;
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Tests.Inference;

public class GlcicInpainterTests
{
    [Theory]
    [InlineData(5, 7, PaddingMode.Reflect)]
    [InlineData(257, 129, PaddingMode.Reflect)]
    [InlineData(1023, 1, PaddingMode.Replicate)]
    [InlineData(64, 48, PaddingMode.Replicate)]
    public void Inpaint_KeepsEveryPixelOutsideTheHoles_BitForBit(int width, int height, PaddingMode padding)
    {
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel, new InpainterOptions { Padding = padding });
        RgbImage image = Samples.Gradient(width, height, 3);
        InpaintingMask mask = RandomMask(width, height, seed: 5);

        RgbImage result = inpainter.Inpaint(image, mask);

        Assert.Equal((width, height), (result.Width, result.Height));
        for (int p = 0; p < mask.PixelCount; p++)
        {
            if (mask.Values[p] == 0)
            {
                Assert.True(result.Pixels.Slice(3 * p, 3).SequenceEqual(image.Pixels.Slice(3 * p, 3)), $"pixel {p} changed");
            }
        }

        Assert.False(result.PixelsEqual(image), "the holes should hold the network's output");
    }

    [Fact]
    public void Inpaint_TooSmallToReflect_SaysToUseReplicate()
    {
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel);

        var e = Assert.Throws<ArgumentException>(() => inpainter.Inpaint(Samples.Gradient(1023, 1), RandomMask(1023, 1, 1)));

        Assert.Contains("1023x1", e.Message, StringComparison.Ordinal);
        Assert.Contains("Replicate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Batched_EqualsOneByOne_ForMixedSizes()
    {
        (RgbImage Image, InpaintingMask Mask)[] items = [.. new[] { (40, 32), (40, 32), (40, 32), (36, 20), (36, 20), (40, 32) }
            .Select((size, i) => (Samples.Gradient(size.Item1, size.Item2, i), RandomMask(size.Item1, size.Item2, i)))];
        using var batched = GlcicInpainter.Load(Samples.TinyModel, new InpainterOptions { BatchSize = 8 });
        using var single = GlcicInpainter.Load(Samples.TinyModel, new InpainterOptions { BatchSize = 1, CpuThreads = 1 });

        IReadOnlyList<RgbImage> together = batched.Inpaint([.. items.Select(i => i.Image)], [.. items.Select(i => i.Mask)]);

        for (int i = 0; i < items.Length; i++)
        {
            Assert.True(together[i].PixelsEqual(single.Inpaint(items[i].Image, items[i].Mask)), $"image {i} differs");
        }
    }

    [Fact]
    public void EmptyMask_ReturnsTheInputUnchanged()
    {
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel);
        RgbImage image = Samples.Gradient(20, 12);

        Assert.True(inpainter.Inpaint(image, InpaintingMask.Empty(20, 12)).PixelsEqual(image));
    }

    [Fact]
    public void Mean_ComesFromTheModel_AndCanBeOverridden()
    {
        using var fromModel = GlcicInpainter.Load(Samples.TinyModel);
        using var overridden = GlcicInpainter.Load(Samples.TinyModel, new InpainterOptions { Mean = new MeanColor(1, 0, 0) });
        RgbImage image = Samples.Gradient(32, 32);
        InpaintingMask mask = RandomMask(32, 32, 2);

        Assert.Equal(new MeanColor(0.47, 0.40, 0.39), fromModel.Mean);
        Assert.Equal(new MeanColor(0.47, 0.40, 0.39), fromModel.ModelInfo.Mean);
        Assert.False(fromModel.Inpaint(image, mask).PixelsEqual(overridden.Inpaint(image, mask)));
    }

    [Fact]
    public void MaskOfTheWrongSize_NamesBothSizes()
    {
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel);

        var e = Assert.Throws<ArgumentException>(() => inpainter.Inpaint(Samples.Gradient(20, 12), InpaintingMask.Empty(12, 20)));

        Assert.Contains("12x20", e.Message, StringComparison.Ordinal);
        Assert.Contains("20x12", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelWithTheWrongInputs_IsRefusedNamingExpectedAndFound()
    {
        Onnx.ModelProto model = EditedModels.Load();
        model.Graph.Input[0].Name = "image";
        foreach (Onnx.NodeProto node in model.Graph.Node.Where(n => n.Input.Contains("input")))
        {
            node.Input[node.Input.IndexOf("input")] = "image";
        }

        var e = Assert.Throws<InvalidDataException>(() => GlcicInpainter.FromBytes(EditedModels.ToBytes(model), "renamed.onnx"));

        Assert.Contains("renamed.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected one input 'input'", e.Message, StringComparison.Ordinal);
        Assert.Contains("found 'image' [batch×4×height×width]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelWhoseOutputIsSmallerThanItsInput_IsRefusedAtLoad_NamingBothShapesAndTheFile()
    {
        var e = Assert.Throws<InvalidDataException>(() => GlcicInpainter.FromBytes(EditedModels.WithCroppedOutput(), "cropped.onnx"));

        Assert.Contains("'cropped.onnx'", e.Message, StringComparison.Ordinal);
        Assert.Contains("1×4×16×16 input it returns 720 values", e.Message, StringComparison.Ordinal);
        Assert.Contains("1×3×16×16 (768)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancellation_StopsARunInProgress_AndTheInpainterKeepsWorking()
    {
        using var inpainter = GlcicInpainter.Load(Samples.TinyModel);
        const int Count = 4, Side = 1024;
        var input = new float[Count * 4 * Side * Side];
        TimeSpan full = Enumerable.Range(0, 3).Select(_ => Time(() => inpainter.Run(input, Count, Side, Side))).Min();
        using (var already = new CancellationTokenSource())
        {
            already.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => inpainter.Run(input, Count, Side, Side, already.Token));
        }

        // Cancelled a tenth of the way in, from a dedicated thread (ONNX Runtime's spinning workers can starve
        // thread-pool timers); a scheduling hiccup on a shared machine may let one run finish first, so up to three tries.
        var outcomes = new List<string>();
        for (int attempt = 0; attempt < 3 && !outcomes.Any(o => o.StartsWith("cancelled", StringComparison.Ordinal)); attempt++)
        {
            using var cancel = new CancellationTokenSource();
            var canceller = new Thread(() =>
            {
                Thread.Sleep(full / 10);
                cancel.Cancel();
            });
            var clock = System.Diagnostics.Stopwatch.StartNew();
            canceller.Start();
            try
            {
                inpainter.Run(input, Count, Side, Side, cancel.Token);
                outcomes.Add($"completed in {clock.Elapsed.TotalMilliseconds:F0} ms");
            }
            catch (OperationCanceledException)
            {
                outcomes.Add(clock.Elapsed < full * 0.8 ? "cancelled early" : $"cancelled late, after {clock.Elapsed.TotalMilliseconds:F0} ms");
            }
            finally
            {
                canceller.Join();
            }
        }

        Assert.True(outcomes.Contains("cancelled early"), $"a full run takes {full.TotalMilliseconds:F0} ms; the cancelled runs: {string.Join("; ", outcomes)}");
        Assert.Equal(32, inpainter.Inpaint(Samples.Gradient(32, 24), RandomMask(32, 24, 1)).Width); // later calls are not terminated
    }

    private static TimeSpan Time(Action action)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        action();
        return clock.Elapsed;
    }

    [Fact]
    public void NotAModel_OrMissingMetadata_AreClearErrors()
    {
        Assert.Contains("is not an ONNX model", Assert.Throws<InvalidDataException>(() => GlcicInpainter.FromBytes("hello"u8.ToArray(), "notes.onnx")).Message, StringComparison.Ordinal);
        var e = Assert.Throws<InvalidDataException>(() => GlcicInpainter.FromBytes(EditedModels.WithoutMetadata(), "bare.onnx"));
        Assert.Contains("glcic-train export", e.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => GlcicInpainter.Load("/no/such/model.onnx"));
    }

    [Fact]
    public void GpuRequested_OnAMachineWithout_FallsBackOnce_OrFailsClearly()
    {
        var messages = new List<string>();
        using var fallback = GlcicInpainter.Load(Samples.TinyModel, new InpainterOptions { GpuDeviceId = 0, Log = messages.Add });

        Assert.StartsWith("CPU (fallback from GPU 0", fallback.ExecutionProvider, StringComparison.Ordinal);
        Assert.Single(messages, m => m.Contains("running on the CPU instead", StringComparison.Ordinal));
        Assert.True(fallback.Inpaint(Samples.Gradient(16, 16), RandomMask(16, 16, 1)).Width == 16);

        var e = Assert.Throws<InvalidOperationException>(() => GlcicInpainter.Load(Samples.TinyModel, new InpainterOptions { GpuDeviceId = 0, FallbackToCpu = false }));
        Assert.Contains("CUDA", e.Message, StringComparison.Ordinal);
        Assert.Contains("fallbackToCpu", e.Message, StringComparison.Ordinal);
    }

    internal static InpaintingMask RandomMask(int width, int height, int seed)
    {
        int side = Math.Max(1, Math.Min(width, height) / 3);
        var options = new MaskGeneratorOptions { MinHoleSize = 1, MaxHoleSize = side, MinHoleCount = 1, MaxHoleCount = 3 };
        return MaskGenerator.Generate(width, height, options, (ulong)seed);
    }

    [Theory]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    [InlineData(float.NaN)]
    public void NonFiniteOutput_InAHole_FailsTheImage_OutsideTheHolesItIsIgnored(float bad)
    {
        RgbImage image = Samples.Gradient(8, 8);
        InpaintingMask mask = InpaintingMask.FromRectangles(8, 8, [new PixelRectangle(2, 2, 3, 3)]);
        float[] output = [.. Enumerable.Repeat(0.5f, 3 * 64)];

        output[(3 * 8) + 3] = bad; // red, inside the hole
        var e = Assert.Throws<InvalidOperationException>(() => InpaintingTensors.Composite(image, mask, output));
        output[(3 * 8) + 3] = 0.5f;
        output[64 + 0] = bad; // green of pixel (0, 0), outside the hole: never used
        RgbImage composed = InpaintingTensors.Composite(image, mask, output);

        Assert.Contains("non-finite", e.Message, StringComparison.Ordinal);
        Assert.Contains("(3, 3)", e.Message, StringComparison.Ordinal);
        Assert.Equal(image.GetRow(0)[..3].ToArray(), composed.GetRow(0)[..3].ToArray());
    }

    [Fact]
    public void OnAGrayPhoto_TheFillIsTheMeanOfTheOutputsChannels_OnAColourPhotoItsChannels()
    {
        // Gray outside the hole (a gradient of levels, R = G = B); the hole itself holds a red marker, which must not count.
        byte[] grayPixels = [.. Enumerable.Range(0, 64).SelectMany(i => new[] { (byte)(i * 4), (byte)(i * 4), (byte)(i * 4) })];
        InpaintingMask mask = InpaintingMask.FromRectangles(8, 8, [new PixelRectangle(2, 2, 3, 3)]);
        foreach (int pixel in Enumerable.Range(0, 64).Where(p => mask.Values[p] != 0))
        {
            grayPixels[3 * pixel] = 255;
        }

        RgbImage gray = RgbImage.FromPixels(8, 8, grayPixels);
        RgbImage colour = Samples.Gradient(8, 8);
        float[] output = new float[3 * 64];
        Array.Fill(output, 0.2f, 0, 64);
        Array.Fill(output, 0.5f, 64, 64);
        Array.Fill(output, 0.8f, 128, 64);
        int inHole = (3 * 8) + 3;

        RgbImage grayFilled = InpaintingTensors.Composite(gray, mask, output);
        RgbImage colourFilled = InpaintingTensors.Composite(colour, mask, output);
        RgbImage grayFilledMl = RgbImage.FromMLImage(InpaintingTensors.Composite(ImagePixels.Copy(gray.ToMLImage()), mask, output));

        Assert.Equal(new byte[] { 128, 128, 128 }, grayFilled.Pixels.Slice(3 * inHole, 3).ToArray());
        Assert.Equal(new byte[] { 128, 128, 128 }, grayFilledMl.Pixels.Slice(3 * inHole, 3).ToArray());
        Assert.Equal(new byte[] { 51, 128, 204 }, colourFilled.Pixels.Slice(3 * inHole, 3).ToArray());
        Assert.Equal(gray.Pixels[..(3 * 8)].ToArray(), grayFilled.Pixels[..(3 * 8)].ToArray()); // outside the hole: the input
    }

    [Theory]
    [InlineData("NaN,0.5,0.5")]
    [InlineData("0.5,1.5,0.5")]
    [InlineData("grey")]
    public void ModelMetadata_WithABadMeanColour_NamesTheModelFile(string mean)
    {
        var properties = new Dictionary<string, string>(new GlcicModelInfo(1, new MeanColor(0.4, 0.4, 0.4), 256, 96, 128, 1.0, 10, "float32").ToProperties())
        {
            ["glcic.mean_rgb"] = mean,
        };

        var e = Assert.Throws<InvalidDataException>(() => GlcicModelInfo.FromProperties(properties, "models/broken.onnx"));

        Assert.Contains("models/broken.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("glcic-train export", e.Message, StringComparison.Ordinal);
    }
}
