namespace GlcicML.Cli.Commands;

/// <summary><c>glcic masks</c>: writes one generated mask per input image (white = hole), mirroring the folder tree.</summary>
internal static class MasksCommand
{
    public static Command Create()
    {
        Option<string> input = CommonOptions.Input();
        Option<string> output = CommonOptions.Output("masks (PNG, white = hole)");
        Option<int> seed = CommonOptions.Seed();
        Option<long> maxPixels = CommonOptions.MaxPixels();
        var shape = new CommonOptions.MaskShapeOptions();
        var command = new Command("masks", "Write a generated hole mask for every image of a folder (PNG, white = hole).") { input, output, seed, maxPixels };
        shape.AddTo(command);
        command.SetAction(result => Run(
            result.GetRequiredValue(input),
            result.GetRequiredValue(output),
            shape.Read(result),
            result.GetValue(seed),
            new ImageReadOptions { MaxPixels = result.GetValue(maxPixels) },
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string input, string output, MaskGeneratorOptions generator, int seed, ImageReadOptions readOptions, TextWriter stdout, TextWriter stderr)
    {
        IReadOnlyList<ImageInput> inputs = ImageInput.Find(input);
        MaskSource masks = MaskSource.Generated(generator, seed);
        var report = new RunReport(stdout, stderr);
        foreach (ImageInput item in inputs)
        {
            report.Run(item.RelativePath, () =>
            {
                RgbImage image = RgbImage.Load(item.FullPath, readOptions);
                masks.MaskFor(item, image).Save(OutputPaths.Resolve(output, item.RelativePath));
            });
        }

        return report.Finish("masks", output);
    }
}
