namespace GlcicML.Cli.Commands;

/// <summary>
/// <c>glcic demo</c>: the main job with no files or settings needed. The sample photos and the demo model
/// (models/glcic-demo.onnx) are compiled into the tool; each photo gets random holes, which the model completes and
/// the paper's post-processing polishes. Before/after images go to one folder per photo.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder for the results.", DefaultValueFactory = _ => "glcic-demo" };
        Option<int> seed = CommonOptions.Seed();
        var model = new Option<string?>("--model") { Description = "A GlcicML ONNX model to use instead of the built-in demo model. (-m means --masks in every command.)" };
        var command = new Command("demo", "Inpaint the built-in sample photos with the built-in demo model: random holes, completion, post-processing, before/after images.")
        {
            output, seed, model,
        };
        command.SetAction(result => Run(result.GetRequiredValue(output), result.GetValue(seed), result.GetValue(model), result.InvocationConfiguration.Output));
        return command;
    }

    public static int Run(string output, int seed, string? modelPath, TextWriter stdout)
    {
        using GlcicInpainter inpainter = modelPath is null
            ? GlcicInpainter.FromBytes(DemoModel.Read(), "the built-in demo model (models/glcic-demo.onnx)")
            : GlcicInpainter.Load(modelPath);

        // The authors' inference script draws 2–4 holes of 32–128 px when no mask is given.
        MaskGeneratorOptions holes = MaskGeneratorOptions.AuthorsInference;
        stdout.WriteLine($"GlcicML demo: {SamplePhotos.Names.Count} sample photos, holes as the authors' inference script draws them (2-4 of 32-128 px), seed {seed}.");
        stdout.WriteLine($"model: {inpainter.Source}, width x{inpainter.ModelInfo.WidthMultiplier}, {inpainter.ModelInfo.Iterations:N0} training iterations; running on {inpainter.ExecutionProvider}");
        stdout.WriteLine($"  {"photo",-14} {"size",-9} {"holes",6}   hole L1 (0-1, lower is better): mean fill / fast marching / model / model + post-processing");
        foreach (string name in SamplePhotos.Names)
        {
            RgbImage photo = RgbImage.Decode(SamplePhotos.Read(name), name);
            InpaintingMask mask = MaskGenerator.Generate(photo.Width, photo.Height, holes, MaskSeed.ForKey(seed, name));
            RgbImage filled = NetworkInput.Prefilled(photo, mask, inpainter.Mean, inpainter.ModelInfo.Prefill);
            RgbImage completed = inpainter.Inpaint(photo, mask);
            RgbImage polished = InpaintingPostProcessor.Apply(completed, mask);
            RgbImage meanFilled = MeanColorFill.Apply(photo, mask, inpainter.Mean);
            RgbImage fastMarching = inpainter.ModelInfo.Prefill == HolePrefill.FastMarching
                ? filled // the prefill is this very baseline: no second fast-marching pass
                : TeleaInpainting.Inpaint(photo, mask, NetworkInput.FastMarchingRadius);
            RgbImage whiteHoles = MeanColorFill.Apply(photo, mask, new MeanColor(1, 1, 1));

            string stem = Path.GetFileNameWithoutExtension(name);
            string folder = Path.Combine(output, stem);
            photo.Save(Path.Combine(folder, "original.png"));
            mask.Save(Path.Combine(folder, "mask.png"));
            filled.Save(Path.Combine(folder, "input.png"));
            completed.Save(Path.Combine(folder, "completed.png"));
            polished.Save(Path.Combine(folder, "postprocessed.png"));
            string strip = Path.Combine(output, $"{stem}-before-after.png");
            ImageGrid.Compose([whiteHoles, fastMarching, completed, polished, photo]).Save(strip);

            double Hole(RgbImage result) => ImageMetrics.MeanAbsoluteError(result, photo, mask);
            string gray = ImageMetrics.IsGray(photo) ? $"; gray photo, fill colour spread {ImageMetrics.ChannelSpread(completed, mask):F1} levels" : string.Empty;
            stdout.WriteLine($"  {name,-14} {$"{photo.Width}x{photo.Height}",-9} {mask.HoleFraction,6:P1}   {Hole(meanFilled):F4} / {Hole(fastMarching):F4} / {Hole(completed):F4} / {Hole(polished):F4}{gray}  -> {strip}");
        }

        stdout.WriteLine($"Wrote the results under {Path.GetFullPath(output)}: per photo original, mask, input (what the network sees: holes "
            + (inpainter.ModelInfo.Prefill == HolePrefill.FastMarching ? "filled by fast marching" : "mean-filled") + "), completed "
            + "and postprocessed PNGs, and a before/after strip (holes in white | fast marching | model | model + post-processing | original).");
        return 0;
    }
}
