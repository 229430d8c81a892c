using GlcicML.Imaging;
using GlcicML.Training.Data;
using GlcicML.Training.Training;
using Microsoft.ML;
using static TorchSharp.torch;

namespace GlcicML.Training.Tests.Training;

[Collection("Torch")]
public sealed class TrainingDataTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "glcic-training-data-" + Guid.NewGuid().ToString("N"));

    public TrainingDataTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void DataView_OfMixedSizePhotos_Trains()
    {
        var ml = new MLContext(seed: 1);
        string[] photos = ["astronaut.png", "coffee.png", "rocket.jpg", "horse.png", "brick.png"];
        IDataView data = ml.Data.LoadFromEnumerable(photos.Select(p => new PathRow { Path = p }).ToList());
        IDataView images = ml.Transforms.LoadImages("Image", Path.Combine(AppContext.BaseDirectory, "SamplePhotos"), "Path").Fit(data).Transform(data);
        var logs = new List<string>();

        using var session = GlcicTrainingSession.Start(TinyTraining.Options(4, 2, 8), TrainingImages.FromDataView(images), logs.Add);
        TrainingSummary summary = session.Run();

        Assert.Equal(8, summary.Iterations);
        Assert.Equal(0, summary.SkippedImages);
        Assert.Contains(logs, l => l.StartsWith("estimated the dataset mean from 5 images", StringComparison.Ordinal));
    }

    [Fact]
    public void EmptyFolder_IsAClearError()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TrainingImages.FromFolder(_folder));

        Assert.Contains("No training images", e.Message, StringComparison.Ordinal);
        Assert.Contains(_folder, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FolderOfOnlyTinyImages_IsAClearError_NamingTheMinimum_NotANaNMean()
    {
        RgbImage.Solid(1, 1, 10, 20, 30).Save(Path.Combine(_folder, "dot.png"));
        RgbImage.Solid(3, 5, 10, 20, 30).Save(Path.Combine(_folder, "chip.png"));

        var e = Assert.Throws<InvalidOperationException>(() => GlcicTrainingSession.Start(TinyTraining.Options(2, 0, 2), TrainingImages.FromFolder(_folder)));

        Assert.Contains("None of the training images is large enough", e.Message, StringComparison.Ordinal);
        Assert.Contains("under 16 px (half the crop size 32)", e.Message, StringComparison.Ordinal);
        Assert.Contains("--size", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TinyImageAmongGoodOnes_IsSkippedAndReported_WithItsSizeAndTheMinimum()
    {
        for (int i = 0; i < 3; i++)
        {
            Scenes.SyntheticScene.Generate(48, 40, (ulong)i).Save(Path.Combine(_folder, $"scene{i}.png"));
        }

        RgbImage.Solid(3, 5, 10, 20, 30).Save(Path.Combine(_folder, "chip.png"));
        var logs = new List<string>();

        using var session = GlcicTrainingSession.Start(TinyTraining.Options(4, 0, 4, batch: 2), TrainingImages.FromFolder(_folder), logs.Add);
        TrainingSummary summary = session.Run();

        Assert.Equal(4, summary.Iterations);
        Assert.Contains(logs, l => l.Contains("chip.png", StringComparison.Ordinal) && l.Contains("TooSmall: 3x5", StringComparison.Ordinal) && l.Contains("at least 16 px", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.StartsWith("estimated the dataset mean from 3 images", StringComparison.Ordinal));
    }

    [Fact]
    public void CorruptFileMidStream_IsSkippedCountedAndReported_NotFatal()
    {
        for (int i = 0; i < 6; i++)
        {
            Scenes.SyntheticScene.Generate(48, 40, (ulong)i).Save(Path.Combine(_folder, $"scene{i}.png"));
        }

        File.WriteAllBytes(Path.Combine(_folder, "broken.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        File.WriteAllBytes(Path.Combine(_folder, "empty.jpg"), []);
        var logs = new List<string>();

        using var session = GlcicTrainingSession.Start(TinyTraining.Options(6, 0, 6, batch: 3), TrainingImages.FromFolder(_folder), logs.Add);
        TrainingSummary summary = session.Run();

        Assert.Equal(6, summary.Iterations);
        Assert.True(summary.SkippedImages >= 2, $"skipped {summary.SkippedImages}");
        Assert.Contains(logs, l => l.Contains("broken.png", StringComparison.Ordinal) && l.Contains("Corrupt", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("empty.jpg", StringComparison.Ordinal) && l.Contains("Empty", StringComparison.Ordinal));
    }

    [Fact]
    public void FolderStream_ResumedAtAPosition_ReadsWhatAnUninterruptedStreamReads()
    {
        for (int i = 0; i < 5; i++)
        {
            Scenes.SyntheticScene.Generate(16, 16, (ulong)i).Save(Path.Combine(_folder, $"s{i}.png"));
        }

        TrainingImages images = TrainingImages.FromFolder(_folder);
        List<(string Name, SourcePosition Next)> straight = images.Read(default, 3, (_, _) => { }, CancellationToken.None).Take(12).Select(s => (s.Name, s.Next)).ToList();
        List<(string Name, SourcePosition Next)> resumed = images.Read(straight[6].Next, 3, (_, _) => { }, CancellationToken.None).Take(5).Select(s => (s.Name, s.Next)).ToList();

        Assert.Equal(straight.Skip(7).Take(5), resumed);
        Assert.NotEqual(straight.Take(5).Select(s => s.Name), straight.Skip(5).Take(5).Select(s => s.Name)); // reshuffled per epoch
        Assert.Equal(straight.Take(5).Select(s => s.Name).Order(), straight.Skip(5).Take(5).Select(s => s.Name).Order());
    }

    [Fact]
    public void SmallFolder_IsDecodedOnce_LaterEpochsReuseThePixels()
    {
        for (int i = 0; i < 3; i++)
        {
            Scenes.SyntheticScene.Generate(16, 16, (ulong)i).Save(Path.Combine(_folder, $"s{i}.png"));
        }

        TrainingImages images = TrainingImages.FromFolder(_folder);
        var skipped = new List<string>();
        using IEnumerator<SourceImage> stream = images.Read(default, 1, (file, _) => skipped.Add(file), CancellationToken.None).GetEnumerator();
        var firstEpoch = new Dictionary<string, RgbImage>();
        for (int i = 0; i < 3 && stream.MoveNext(); i++)
        {
            firstEpoch[stream.Current.Name] = stream.Current.Image;
        }

        foreach (string file in Directory.GetFiles(_folder))
        {
            File.WriteAllText(file, "no longer a PNG"); // decoding again would skip every file
        }

        for (int i = 0; i < 3 && stream.MoveNext(); i++)
        {
            Assert.True(firstEpoch[stream.Current.Name].PixelsEqual(stream.Current.Image), stream.Current.Name);
        }

        Assert.Empty(skipped);
    }

    [Fact]
    public void CudaRequested_WithoutAGpu_FallsBackToTheCpu_AndSaysSo()
    {
        (Device device, string description) = TorchDevices.Select("cuda:0");

        Assert.Equal(TorchSharp.DeviceType.CPU, device.type);
        Assert.Contains("falling back to the CPU", description, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TorchDevices.Select("tpu"));
    }

    [Fact]
    public void GrayscaleFraction_TurnsThatShareOfCropsGray_AndZeroLeavesTheSamplesAsTheyWere()
    {
        RgbImage photo = GlcicML.Scenes.SyntheticScene.Generate(80, 72, 3);
        GlcicTrainingOptions options = TinyTraining.Options(1, 1, 2);
        var plain = new SamplePreparer(options);
        var half = new SamplePreparer(options with { GrayscaleFraction = 0.5 });
        var all = new SamplePreparer(options with { GrayscaleFraction = 1 });

        static bool IsGray(RgbImage image)
        {
            ReadOnlySpan<byte> p = image.Pixels;
            for (int i = 0; i < p.Length; i += 3)
            {
                if (p[i] != p[i + 1] || p[i] != p[i + 2])
                {
                    return false;
                }
            }

            return true;
        }

        int grayInHalf = 0;
        for (long sample = 0; sample < 200; sample++)
        {
            TrainingSample expected = plain.Prepare(photo, sample), gray = all.Prepare(photo, sample), maybe = half.Prepare(photo, sample);
            Assert.False(IsGray(expected.Crop));
            Assert.True(IsGray(gray.Crop));
            Assert.True(expected.Hole.ValuesEqual(gray.Hole));
            Assert.True(expected.Hole.ValuesEqual(maybe.Hole));
            grayInHalf += IsGray(maybe.Crop) ? 1 : 0;
            Assert.Equal(IsGray(maybe.Crop) ? SamplePreparer.Grayscale(expected.Crop).Pixels.ToArray() : expected.Crop.Pixels.ToArray(), maybe.Crop.Pixels.ToArray());
        }

        Assert.InRange(grayInHalf, 70, 130);
        Assert.Throws<ArgumentOutOfRangeException>(() => (options with { GrayscaleFraction = 1.5 }).Validate());
    }

    [Fact]
    public void HoleCurriculum_GrowsTheLargestHoleFromTheSmallestToTheRange_OverItsIterations()
    {
        RgbImage photo = GlcicML.Scenes.SyntheticScene.Generate(80, 72, 3);
        GlcicTrainingOptions options = TinyTraining.Options(100, 1, 200, batch: 4) with { MinHoleSize = 8, MaxHoleSize = 16 };
        var plain = new SamplePreparer(options);
        var curriculum = new SamplePreparer(options with { HoleCurriculumIterations = 50 });

        int LargestSide(SamplePreparer preparer, long from, long to) =>
            Enumerable.Range((int)from, (int)(to - from)).Select(i => preparer.Prepare(photo, i).Hole.HoleBounds()!.Value).Max(h => Math.Max(h.Width, h.Height));

        // Iterations 0-4 (samples 0-19) allow sides up to 8 + 8 x 5/50 (about 9); from iteration 50 on, the whole range.
        Assert.InRange(LargestSide(curriculum, 0, 20), 8, 9);
        Assert.Equal(16, curriculum.HoleBounds(50 * 4).MaxHoleSize);
        Assert.Equal(12, curriculum.HoleBounds(24 * 4).MaxHoleSize);
        Assert.True(LargestSide(curriculum, 400, 600) >= 15, "after the curriculum the holes reach the whole range");
        Assert.True(LargestSide(plain, 0, 20) >= 14, "without a curriculum the first holes already span the range");
        Assert.Same(plain.HoleBounds(0), plain.HoleBounds(1000));
        Assert.Contains("curriculum=50", (options with { HoleCurriculumIterations = 50 }).Recipe, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => (options with { HoleCurriculumIterations = -1 }).Validate());
    }

    [Fact]
    public void HoleShape_StrokesOrMixed_DrawsFreeFormHoles_AndCentresTheLocalPatchOnThem()
    {
        RgbImage photo = GlcicML.Scenes.SyntheticScene.Generate(96, 80, 5);
        GlcicTrainingOptions options = TinyTraining.Options(100, 1, 200, batch: 4) with { CropSize = 64, LocalPatchSize = 32, MinHoleSize = 16, MaxHoleSize = 24 };
        var rectangles = new SamplePreparer(options);
        var strokes = new SamplePreparer(options with { HoleShape = TrainingHoleShape.Strokes });
        var mixed = new SamplePreparer(options with { HoleShape = TrainingHoleShape.Mixed });

        static bool IsRectangle(GlcicML.Masks.InpaintingMask hole) => hole.HoleBounds() is { } b && b.Width * b.Height == hole.HolePixelCount;
        int freeForm = 0;
        for (int i = 0; i < 40; i++)
        {
            TrainingSample rectangle = rectangles.Prepare(photo, i), stroke = strokes.Prepare(photo, i), either = mixed.Prepare(photo, i);
            Assert.True(IsRectangle(rectangle.Hole));
            Assert.False(IsRectangle(stroke.Hole), $"sample {i}: strokes drew a rectangle");
            Assert.InRange(stroke.Hole.HoleFraction, 0.04, 0.40);
            Assert.Equal(rectangle.Crop.Pixels.ToArray(), stroke.Crop.Pixels.ToArray()); // same crop, other hole
            Assert.Equal(rectangle.RealPatch, stroke.RealPatch);
            PixelRectangle bounds = stroke.Hole.HoleBounds()!.Value;
            (int x, int y) = stroke.CompletedPatch;
            Assert.Equal(Math.Clamp(bounds.X + (bounds.Width / 2) - 16, 0, 32), x);
            Assert.Equal(Math.Clamp(bounds.Y + (bounds.Height / 2) - 16, 0, 32), y);
            freeForm += IsRectangle(either.Hole) ? 0 : 1;
            Assert.True(IsRectangle(either.Hole) ? either.Hole.ValuesEqual(rectangle.Hole) : either.Hole.ValuesEqual(stroke.Hole));
        }

        Assert.InRange(freeForm, 10, 30);
        Assert.Contains("holes=mixed", (options with { HoleShape = TrainingHoleShape.Mixed }).Recipe, StringComparison.Ordinal);
        Assert.DoesNotContain("holes=", options.Recipe, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_OutOfRange_NameTheOption()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GlcicTrainingSession.Start(TinyTraining.Options(1, 1, 2) with { MaxHoleSize = 40 }, TrainingImages.Synthetic()));

        Assert.Contains("MaxHoleSize", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public sealed class PathRow
    {
        public string Path { get; set; } = string.Empty;
    }
}
