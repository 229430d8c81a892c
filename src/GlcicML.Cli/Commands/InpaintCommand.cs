using System.CommandLine;
using GlcicML.Cli.Inputs;
using GlcicML.Filling;
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;
using GlcicML.PostProcessing;

namespace GlcicML.Cli.Commands;

/// <summary><c>glcic inpaint</c>: completes the holes of every image with an ONNX model, mirroring the folder tree.</summary>
internal static class InpaintCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The GlcicML ONNX model (from glcic train or glcic export).", Required = true };
        Option<string> input = CommonOptions.Input();
        Option<string> output = CommonOptions.Output("completed images (PNG)");
        var masks = new Option<string?>("--masks", "-m") { Description = "A folder of masks mirroring the inputs, or one mask file for every image (white = hole)." };
        var randomMasks = new Option<MaskShape?>("--random-masks") { Description = "Generate masks: Rectangles (2-4 holes of 32-128 px, as the authors' script) or FreeForm. The default when --masks is absent." };
        Option<int> seed = CommonOptions.Seed();
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N (a GPU that cannot be used falls back to the CPU, reported).", DefaultValueFactory = _ => "cpu" };
        var batch = new Option<int>("--batch-size") { Description = "Images of equal size run together, up to this many.", DefaultValueFactory = _ => 8 };
        var threads = new Option<int>("--threads") { Description = "CPU threads per inference (0 = one per core).", DefaultValueFactory = _ => 0 };
        var padding = new Option<PaddingMode>("--padding") { Description = "Reflect (default) or Replicate padding to a multiple of 4.", DefaultValueFactory = _ => PaddingMode.Reflect };
        var mean = new Option<string?>("--mean") { Description = "Override the model's fill colour (r,g,b in [0, 1])." };
        var postprocess = new Option<bool>("--postprocess") { Description = "Polish each result as the paper does: fast marching (radius 1), then Poisson blending." };
        Option<long> maxPixels = CommonOptions.MaxPixels();
        var reading = new CommonOptions.MaskReadingOptions();
        var command = new Command("inpaint", "Complete the holes of images with a GlcicML ONNX model.")
        {
            model, input, output, masks, randomMasks, seed, device, batch, threads, padding, mean, postprocess, maxPixels,
        };
        reading.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(masks) is not null && result.GetValue(randomMasks) is not null)
            {
                result.AddError("Give --masks or --random-masks, not both.");
            }
        });
        command.SetAction(result =>
        {
            var readOptions = new ImageReadOptions { MaxPixels = result.GetValue(maxPixels) };
            string? maskPath = result.GetValue(masks);
            MaskShape shape = result.GetValue(randomMasks) ?? MaskShape.Rectangles;
            MaskSource source = maskPath is not null
                ? MaskSource.FromPath(maskPath, reading.Read(result, readOptions.MaxPixels))
                : MaskSource.Generated(shape == MaskShape.FreeForm ? MaskGeneratorOptions.FreeFormStrokes : MaskGeneratorOptions.AuthorsInference, result.GetValue(seed));
            string? meanText = result.GetValue(mean);
            var options = new InpainterOptions
            {
                GpuDeviceId = DeviceOption.Parse(result.GetRequiredValue(device)),
                BatchSize = result.GetValue(batch),
                CpuThreads = result.GetValue(threads),
                Padding = result.GetValue(padding),
                Mean = meanText is null ? null : MeanColor.Parse(meanText),
                Log = result.InvocationConfiguration.Output.WriteLine,
            };
            using GlcicInpainter inpainter = GlcicInpainter.Load(result.GetRequiredValue(model), options);
            PostProcessingOptions? polish = result.GetValue(postprocess) ? PostProcessingOptions.Default : null;
            return Run(inpainter, result.GetRequiredValue(input), result.GetRequiredValue(output), source, readOptions, polish, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error);
        });
        return command;
    }

    /// <summary>Inpaints every input (null <paramref name="postProcessing"/>: the network's composite as it is; otherwise polished with it).</summary>
    public static int Run(GlcicInpainter inpainter, string input, string output, MaskSource masks, ImageReadOptions readOptions, PostProcessingOptions? postProcessing, TextWriter stdout, TextWriter stderr)
    {
        IReadOnlyList<ImageInput> inputs = ImageInputs.Find(input);
        stdout.WriteLine($"inpainting {inputs.Count} images with {inpainter.Source} ({inpainter.ModelInfo.Precision}, {inpainter.ExecutionProvider}), fill colour {inpainter.Mean}" +
            (postProcessing is null ? string.Empty : $", then fast marching (radius {postProcessing.TeleaRadius}) and Poisson blending"));
        var report = new RunReport(stdout, stderr);
        var batch = new List<(ImageInput Input, RgbImage Image, InpaintingMask Mask)>();
        void Flush()
        {
            if (batch.Count == 0)
            {
                return;
            }

            IReadOnlyList<RgbImage> results = inpainter.Inpaint([.. batch.Select(b => b.Image)], [.. batch.Select(b => b.Mask)]);
            for (int i = 0; i < batch.Count; i++)
            {
                (ImageInput item, _, InpaintingMask mask) = batch[i];
                RgbImage result = results[i];
                report.Run(item.RelativePath, () => (postProcessing is null ? result : InpaintingPostProcessor.Apply(result, mask, postProcessing)).Save(item.OutputPath(output)));
            }

            batch.Clear();
        }

        foreach (ImageInput item in inputs)
        {
            report.Prepare(item.RelativePath, () =>
            {
                RgbImage image = RgbImage.Load(item.FullPath, readOptions);
                InpaintingMask mask = masks.MaskFor(item, image);
                inpainter.Validate(image, mask, $"'{item.RelativePath}'");
                if (batch.Count > 0 && (batch.Count == inpainter.Options.BatchSize || batch[0].Image.Width != image.Width || batch[0].Image.Height != image.Height))
                {
                    Flush();
                }

                batch.Add((item, image, mask));
            });
        }

        Flush();
        return report.Finish("inpainted images", output);
    }
}
