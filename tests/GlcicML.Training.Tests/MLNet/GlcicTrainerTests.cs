using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.Training.MLNet;
using GlcicML.Training.Tests.Training;
using GlcicML.Training.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace GlcicML.Training.Tests.MLNet;

[Collection("Torch")]
public sealed class GlcicTrainerTests : IDisposable
{
    private static readonly string[] Photos = ["astronaut.png", "coffee.png", "rocket.jpg", "horse.png", "grass.png"];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "glcic-trainer-" + Guid.NewGuid().ToString("N"));

    public GlcicTrainerTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void Fit_TrainsOnADataView_AndReturnsASavableInpaintingTransformer()
    {
        var ml = new MLContext(seed: 1);
        var reports = new List<TrainingProgress>();
        IDataView photos = Images(ml);
        GlcicTrainer trainer = ml.Inpainting().Trainers.Glcic(new GlcicTrainer.Options
        {
            Training = TinyTraining.Options(3, 2, 6),
            CheckpointPath = Path.Combine(_folder, "run.ckpt"),
            LogPath = Path.Combine(_folder, "log.jsonl"),
            Progress = new TrainingPhasesTests.Collect(reports),
        });

        using InpaintingTransformer model = trainer.Fit(photos);

        Assert.Equal(6, reports.Count);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(_folder, "log.jsonl")).Length);
        Assert.Equal(6, model.Inpainter.ModelInfo.Iterations);
        Assert.Equal(32, model.Inpainter.ModelInfo.CropSize);

        // Score: the same image column plus a mask column.
        IDataView withMasks = ml.Transforms.GenerateInpaintingMasks(new MaskGeneratingEstimator.Options { Generator = new MaskGeneratorOptions { MinHoleSize = 20, MaxHoleSize = 40 } })
            .Fit(photos).Transform(photos);
        IDataView scored = model.Transform(withMasks);
        string zip = Path.Combine(_folder, "model.zip");
        ml.Model.Save(model, withMasks.Schema, zip);
        IDataView reloaded = new MLContext(seed: 2).Model.Load(zip, out _).Transform(withMasks);

        Assert.Equal(Images(ml, "Inpainted", scored), Images(ml, "Inpainted", reloaded));
    }

    [Fact]
    public void Fit_ResumesFromItsCheckpoint()
    {
        var ml = new MLContext(seed: 1);
        string checkpoint = Path.Combine(_folder, "resume.ckpt");
        var options = new GlcicTrainer.Options { Training = TinyTraining.Options(2, 1, 4), CheckpointPath = checkpoint };
        using (ml.Inpainting().Trainers.Glcic(options).Fit(Images(ml)))
        {
        }

        var reports = new List<TrainingProgress>();
        using InpaintingTransformer longer = ml.Inpainting().Trainers.Glcic(options with { Training = options.Training with { TotalIterations = 7 }, Progress = new TrainingPhasesTests.Collect(reports) }).Fit(Images(ml));

        Assert.Equal([5L, 6L, 7L], reports.Select(r => r.Iteration));
        Assert.Equal(7, TrainingCheckpoint.ReadInfo(checkpoint).Iteration);
    }

    [Fact]
    public void Fit_WithoutAnImageColumn_SaysWhatItNeeds()
    {
        var ml = new MLContext(seed: 1);
        IDataView paths = ml.Data.LoadFromEnumerable(Photos.Select(p => new PathRow { Path = p }).ToList());

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Inpainting().Trainers.Glcic().Fit(paths));

        Assert.Contains("needs an image column 'Image'", e.Message, StringComparison.Ordinal);
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

    private static IDataView Images(MLContext ml)
    {
        IDataView paths = ml.Data.LoadFromEnumerable(Photos.Select(p => new PathRow { Path = p }).ToList());
        return ml.Transforms.LoadImages("Image", Path.Combine(AppContext.BaseDirectory, "SamplePhotos"), "Path").Fit(paths).Transform(paths);
    }

    private static List<string> Images(MLContext ml, string column, IDataView data)
    {
        var result = new List<string>();
        using DataViewRowCursor cursor = data.GetRowCursor([data.Schema[column]]);
        ValueGetter<MLImage> getter = cursor.GetGetter<MLImage>(data.Schema[column]);
        MLImage image = null!;
        while (cursor.MoveNext())
        {
            getter(ref image);
            result.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(image.Pixels)));
        }

        return result;
    }

    public sealed class PathRow
    {
        public string Path { get; set; } = string.Empty;
    }
}
