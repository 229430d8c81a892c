#!/usr/bin/env dotnet
// The file-based twin of 01-quickstart.ipynb: the same work, with the images written to files instead of shown.
// Run from this folder: dotnet run 01-quickstart.cs   (results in out/01-quickstart/)
#:project ../src/GlcicML/GlcicML.csproj
#:package Microsoft.ML.OnnxRuntime
#:property PublishAot=false
#:property GenerateDocumentationFile=true

using GlcicML.Filling;
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.Notebooks;
using GlcicML.PostProcessing;

// The sample photos and the shipped demo model, from the repository.
string photos = Path.GetFullPath("../src/GlcicML.Cli/SamplePhotos");
string model = Path.GetFullPath("../models/glcic-demo.onnx");
string output = Path.GetFullPath("out/01-quickstart");

// Masks as the authors' inference script draws them: 2-4 rectangles of 32-128 px, one mask per photo, fixed by the
// seed and the file name so every run shows the same holes.
using var inpainter = GlcicInpainter.Load(model);
Console.WriteLine($"model: {inpainter.ModelInfo.WidthMultiplier}x width, trained {inpainter.ModelInfo.Iterations:N0} iterations, fill colour {inpainter.Mean}");

foreach (string name in ImageFiles.Find(photos))
{
    RgbImage photo = RgbImage.Load(Path.Combine(photos, name));
    InpaintingMask mask = MaskGenerator.Generate(photo.Width, photo.Height, MaskGeneratorOptions.AuthorsInference, MaskSeed.ForKey(1, name));

    RgbImage completed = inpainter.Inpaint(photo, mask);                  // the network's output inside the holes
    RgbImage polished = InpaintingPostProcessor.Apply(completed, mask);   // fast marching + Poisson blending

    var strip = new ImageStrip()
        .Add("input", MeanColorFill.Apply(photo, mask, inpainter.Mean))   // what the network sees
        .Add("mask", mask)
        .Add("completed", completed)
        .Add("post-processed", polished);
    string file = Path.Combine(output, Path.ChangeExtension(name, ".png"));
    strip.Save(file);
    Console.WriteLine($"{name}: {mask.HoleFraction:P1} of the image in holes -> {file}");
}
