#!/usr/bin/env dotnet
// The file-based twin of 03-batch-scoring.ipynb: score a folder through an ML.NET pipeline, write the results,
// measure them against baselines, and lay out examples. Run from this folder: dotnet run 03-batch-scoring.cs
#:project ../src/GlcicML/GlcicML.csproj
#:package Microsoft.ML.OnnxRuntime
#:property PublishAot=false
#:property GenerateDocumentationFile=true

using GlcicML;
using GlcicML.Batch;
using GlcicML.Evaluation;
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.Notebooks;
using GlcicML.Transforms;
using Microsoft.ML;

string photos = Path.GetFullPath("../src/GlcicML.Cli/SamplePhotos");
string model = Path.GetFullPath("../models/glcic-demo.onnx");
string output = Path.GetFullPath("out/03-batch-scoring");

// 1. An ML.NET pipeline over the folder: load, mask (keyed by path, so reruns give the same holes), complete with the
//    demo model, post-process, and write the results to disk.
var ml = new MLContext(seed: 1);
var rows = ImageFiles.Find(photos).Select(p => new PhotoRow { Path = p }).ToList();
IDataView paths = ml.Data.LoadFromEnumerable(rows);
var holes = MaskGeneratorOptions.AuthorsInference;
using var pipeline = ml.Transforms.LoadImages("Image", photos, "Path")
    .Append(ml.Transforms.GenerateInpaintingMasks(new MaskGeneratingEstimator.Options { Generator = holes, KeyColumnName = "Path", Seed = 1 }))
    .Append(ml.Transforms.InpaintImages("Inpainted", model))
    .Append(ml.Transforms.PostProcessInpainting("PostProcessed", "Inpainted", "Mask"))
    .Fit(paths);
IDataView scored = pipeline.Transform(paths);
SavedImages saved = ml.Data.SaveImages(scored, Path.Combine(output, "completed"), "PostProcessed", "Path");
ml.Data.SaveImages(scored, Path.Combine(output, "masks"), "Mask", "Path");
Console.WriteLine($"{saved.Written} completed images written to {Path.Combine(output, "completed")}");

// 2. The numbers glcic eval prints: the model against post-processing, fast marching alone and mean fill, with the
//    same masks (generated from the same seed and paths).
using var inpainter = GlcicInpainter.Load(model);
EvaluationReport report = InpaintingEvaluator.Evaluate(inpainter, photos, MaskSource.Generated(holes, 1));
Console.WriteLine($"{"method",-18} {"hole PSNR dB",12} {"hole SSIM",10} {"hole L1",9}");
foreach (MethodSummary m in report.Summary)
{
    Console.WriteLine($"{m.Method,-18} {m.HolePsnr.Mean,12:F2} {m.HoleSsim.Mean,10:F4} {m.HoleL1.Mean,9:F4}");
}

report.Save(Path.Combine(output, "metrics.json"));

// 3. A grid of examples: input, mask and result per photo, one strip each.
foreach (PhotoRow row in rows)
{
    string name = Path.ChangeExtension(row.Path, ".png");
    new ImageStrip()
        .Add("input", RgbImage.Load(Path.Combine(photos, row.Path)))
        .Add("mask", InpaintingMask.Load(Path.Combine(output, "masks", name)))
        .Add("completed", RgbImage.Load(Path.Combine(output, "completed", name)))
        .Save(Path.Combine(output, "examples", name));
}

Console.WriteLine($"metrics.json and examples/ in {output}");

/// <summary>One row of the data view: a photo's path relative to the folder.</summary>
sealed class PhotoRow
{
    public string Path { get; set; } = string.Empty;
}
