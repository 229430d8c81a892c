namespace GlcicML.Cli.Commands;

/// <summary><c>glcic postprocess</c>: the paper's fast marching + Poisson blending on one completed image.</summary>
internal static class PostprocessCommand
{
    public static Command Create()
    {
        var image = new Option<string>("--image") { Description = "The completed image (input outside the holes, network output inside).", Required = true };
        var mask = new Option<string>("--mask", "-m") { Description = "The mask it was completed with (white = hole).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the result (PNG, JPEG or WebP by extension).", Required = true };
        var teleaOnly = new Option<bool>("--telea-only") { Description = "Fast marching only, no Poisson blending." };
        var radius = new Option<int>("--radius") { Description = "Fast-marching neighbourhood radius, 1-100 (the authors use 1).", DefaultValueFactory = _ => 1 };
        Option<long> maxPixels = CommonOptions.MaxPixels();
        var reading = new CommonOptions.MaskReadingOptions();
        var command = new Command("postprocess", "Blend completed holes into their surroundings: fast marching (Telea), then Poisson blending, as in the paper.")
        {
            image, mask, output, teleaOnly, radius, maxPixels,
        };
        reading.AddTo(command);
        radius.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 100)
            {
                result.AddError("--radius must be between 1 and 100.");
            }
        });
        command.SetAction(result =>
        {
            var steps = new PostProcessingOptions { TeleaRadius = result.GetValue(radius), Blend = !result.GetValue(teleaOnly) };
            long limit = result.GetValue(maxPixels);
            return Run(
                result.GetRequiredValue(image),
                result.GetRequiredValue(mask),
                result.GetRequiredValue(output),
                steps,
                new ImageReadOptions { MaxPixels = limit },
                reading.Read(result, limit),
                result.InvocationConfiguration.Output);
        });
        return command;
    }

    public static int Run(string imagePath, string maskPath, string outputPath, PostProcessingOptions steps, ImageReadOptions readOptions, MaskReadOptions maskOptions, TextWriter stdout)
    {
        RgbImage image = RgbImage.Load(imagePath, readOptions);
        InpaintingMask mask = InpaintingMask.Load(maskPath, maskOptions);
        if (!mask.HasSizeOf(image))
        {
            throw new ArgumentException($"The mask '{maskPath}' is {mask.Width}x{mask.Height} but the image '{imagePath}' is {image.Width}x{image.Height}; a mask must have its image's size.");
        }

        if (steps.Telea && mask.IsFull)
        {
            throw new ArgumentException($"The mask '{maskPath}' covers the whole image: fast marching has no known pixel to start from.");
        }

        RgbImage result = InpaintingPostProcessor.Apply(image, mask, steps);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        Directory.CreateDirectory(folder!);
        result.Save(outputPath);
        stdout.WriteLine($"{(steps.Blend ? "fast marching (radius " + steps.TeleaRadius + ") and Poisson blending" : "fast marching (radius " + steps.TeleaRadius + ")")} over {mask.HolePixelCount} hole pixels ({mask.HoleFraction:P1}) -> {outputPath}");
        return 0;
    }
}
