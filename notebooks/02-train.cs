#!/usr/bin/env dotnet
// The file-based twin of 02-train.ipynb: train a small GLCIC model on synthetic scenes, chart its losses, export it
// to ONNX and use it. Run from this folder: dotnet run 02-train.cs   (results in out/02-train/)
// GLCIC_NOTEBOOK_QUICK=1 makes it a seconds-long smoke run (the tests use it).
#:project ../src/GlcicML.Training/GlcicML.Training.csproj
#:package libtorch-cpu-linux-x64
#:package Microsoft.ML.OnnxRuntime
#:property PublishAot=false
#:property GenerateDocumentationFile=true

// libtorch's native libraries come per operating system: on Windows use libtorch-cpu-win-x64, on Apple silicon
// libtorch-cpu-osx-arm64 (or TorchSharp-cpu for all of them).
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.Notebooks;
using GlcicML.PostProcessing;
using GlcicML.Scenes;
using GlcicML.Training.Data;
using GlcicML.Training.Export;
using GlcicML.Training.Training;

bool quick = Environment.GetEnvironmentVariable("GLCIC_NOTEBOOK_QUICK") == "1";
string output = Path.GetFullPath("out/02-train");
Directory.CreateDirectory(output);

// A small configuration: 64-px crops and a quarter-width network train at tens of images per second on a laptop CPU.
// The paper's is CropSize 256, 96-128-px holes, WidthMultiplier 1, BatchSize 96 and 500,000 iterations.
var options = new GlcicTrainingOptions
{
    CropSize = 64,
    MinResize = 64,
    MaxResize = 96,
    MinHoleSize = 12,
    MaxHoleSize = 32,
    LocalPatchSize = 32,
    WidthMultiplier = quick ? 0.125 : 0.25,
    BatchSize = quick ? 4 : 16,
    TotalIterations = quick ? 12 : 1500,
    CompletionIterations = quick ? 6 : 1000,
    DiscriminatorIterations = quick ? 3 : 200,
    CheckpointEvery = quick ? 6 : 250,
    MeanSampleSize = quick ? 50 : 500,
    Seed = 1,
};

// Train on procedural scenes (TrainingImages.FromFolder or FromDataView train on your own images).
string checkpoint = Path.Combine(output, "checkpoint.ckpt"), log = Path.Combine(output, "training-log.csv");
File.Delete(checkpoint);
File.Delete(log);
using (var session = GlcicTrainingSession.Start(options, TrainingImages.Synthetic(120, 96), Console.WriteLine))
{
    var progress = new Throttled<TrainingProgress>(TimeSpan.FromSeconds(2), p => Console.WriteLine(
        $"{p.Phase,-13} it {p.Iteration}/{p.TotalIterations}  mse {p.CompletionMse:F5}  D {p.DiscriminatorLoss:F3}  {p.ImagesPerSecond:F1} img/s"));
    TrainingSummary summary = session.Run(checkpoint, log, progress);
    Console.WriteLine($"trained {summary.Iterations} iterations in {summary.Elapsed:mm\\:ss}, {summary.ImagesPerSecond:F1} images/s");
}

// The loss curves (in the notebook they are drawn inline).
TrainingCurves.Load(log).Save(Path.Combine(output, "losses.png"));

// Export the completion network to ONNX and inpaint a scene it has not seen.
string model = Path.Combine(output, "model.onnx");
GlcicModelInfo info = OnnxExporter.ExportCheckpoint(checkpoint, model);
using var inpainter = GlcicInpainter.Load(model);
RgbImage scene = SyntheticScene.Generate(160, 120, seed: 12345);
InpaintingMask mask = MaskGenerator.Generate(160, 120, new MaskGeneratorOptions { MinHoleSize = 16, MaxHoleSize = 32, MinHoleCount = 2, MaxHoleCount = 3 }, seed: 7);
RgbImage completed = inpainter.Inpaint(scene, mask);
new ImageStrip().Add("scene", scene).Add("mask", mask).Add("completed", completed).Add("post-processed", InpaintingPostProcessor.Apply(completed, mask))
    .Save(Path.Combine(output, "example.png"));
Console.WriteLine($"exported {model} ({new FileInfo(model).Length / 1024} KB, width {info.WidthMultiplier}); example and losses in {output}");

/// <summary>Reports at most once per interval (and always the last iteration), on the training thread.</summary>
sealed class Throttled<T>(TimeSpan interval, Action<T> report) : IProgress<T>
{
    private DateTime _last = DateTime.MinValue;

    public void Report(T value)
    {
        if (DateTime.UtcNow - _last >= interval || value is TrainingProgress { Iteration: var i, TotalIterations: var n } && i == n)
        {
            _last = DateTime.UtcNow;
            report(value);
        }
    }
}
