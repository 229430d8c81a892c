namespace GlcicML.Cli.Commands;

/// <summary><c>glcic fill</c>: writes each image with its holes filled by the mean colour (the network's input).</summary>
internal static class FillCommand
{
    public static Command Create()
    {
        Option<string> input = CommonOptions.Input();
        Option<string> output = CommonOptions.Output("mean-filled images (PNG)");
        var masks = new CommonOptions.MaskSourceOptions();
        var mean = new Option<string?>("--mean") { Description = "Fill colour as r,g,b in [0, 1]; by default the mean over all input images (computed first)." };
        Option<long> maxPixels = CommonOptions.MaxPixels();
        var command = new Command("fill", "Fill the holes of every image with the mean colour, as GLCIC does before its network.")
        {
            input, output, mean, maxPixels,
        };
        masks.AddTo(command);
        command.SetAction(result =>
        {
            var readOptions = new ImageReadOptions { MaxPixels = result.GetValue(maxPixels) };
            MaskSource source = masks.Read(result, readOptions.MaxPixels, result.GetRequiredValue(input), result.GetRequiredValue(output));
            string? meanText = result.GetValue(mean);
            return Run(
                result.GetRequiredValue(input),
                result.GetRequiredValue(output),
                source,
                meanText is null ? null : MeanColor.Parse(meanText),
                readOptions,
                result.InvocationConfiguration.Output,
                result.InvocationConfiguration.Error);
        });
        return command;
    }

    public static int Run(string input, string output, MaskSource masks, MeanColor? mean, ImageReadOptions readOptions, TextWriter stdout, TextWriter stderr)
    {
        IReadOnlyList<ImageInput> inputs = ImageInput.Find(input);
        MeanColor fill = mean ?? DatasetMean(inputs, readOptions, stdout);
        var report = new RunReport(stdout, stderr);
        foreach (ImageInput item in inputs)
        {
            report.Run(item.RelativePath, () =>
            {
                RgbImage image = RgbImage.Load(item.FullPath, readOptions);
                InpaintingMask mask = masks.MaskFor(item, image);
                MeanColorFill.Apply(image, mask, fill).Save(OutputPaths.Resolve(output, item.RelativePath));
            });
        }

        return report.Finish("filled images", output);
    }

    /// <summary>First pass: the mean over every readable input (unreadable ones are reported by the second pass).</summary>
    private static MeanColor DatasetMean(IReadOnlyList<ImageInput> inputs, ImageReadOptions readOptions, TextWriter stdout)
    {
        var accumulator = MeanColorAccumulator.OverFiles(inputs.Select(i => i.FullPath), readOptions);
        stdout.WriteLine($"mean colour over {accumulator.ImageCount} images: {accumulator.Mean} (pass it with --mean to skip this pass)");
        return accumulator.Mean;
    }
}
