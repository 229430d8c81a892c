using System.CommandLine;
using GlcicML.Batch;
using GlcicML.Filling;
using GlcicML.Imaging;
using GlcicML.Masks;

namespace GlcicML.Cli.Commands;

/// <summary><c>glcic fill</c>: writes each image with its holes filled by the mean colour (the network's input).</summary>
internal static class FillCommand
{
    public static Command Create()
    {
        Option<string> input = CommonOptions.Input();
        Option<string> output = CommonOptions.Output("mean-filled images (PNG)");
        var masks = new Option<string?>("--masks", "-m") { Description = "A folder of masks mirroring the inputs (same relative names), or one mask file for every image." };
        var randomMasks = new Option<MaskShape?>("--random-masks") { Description = "Generate masks instead: Rectangles or FreeForm (with --seed and the hole options)." };
        var mean = new Option<string?>("--mean") { Description = "Fill colour as r,g,b in [0, 1]; by default the mean over all input images (computed first)." };
        Option<int> seed = CommonOptions.Seed();
        Option<long> maxPixels = CommonOptions.MaxPixels();
        var shape = new CommonOptions.MaskShapeOptions();
        var reading = new CommonOptions.MaskReadingOptions();
        var command = new Command("fill", "Fill the holes of every image with the mean colour, as GLCIC does before its network.")
        {
            input, output, masks, randomMasks, mean, seed, maxPixels,
        };
        shape.AddTo(command);
        reading.AddTo(command);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(masks) is null) == (result.GetValue(randomMasks) is null))
            {
                result.AddError("Give exactly one of --masks (files) or --random-masks (generated).");
            }
        });
        command.SetAction(result =>
        {
            var readOptions = new ImageReadOptions { MaxPixels = result.GetValue(maxPixels) };
            MaskShape? random = result.GetValue(randomMasks);
            MaskSource source = random is null
                ? MaskSource.FromPath(result.GetValue(masks)!, reading.Read(result, readOptions.MaxPixels))
                : MaskSource.Generated(shape.Read(result) with { Shape = random.Value }, result.GetValue(seed));
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
        var accumulator = new MeanColorAccumulator();
        foreach (ImageInput item in inputs)
        {
            try
            {
                accumulator.Add(RgbImage.Load(item.FullPath, readOptions));
            }
            catch (ImageLoadException)
            {
            }
        }

        if (accumulator.PixelCount == 0)
        {
            throw new InvalidOperationException("No readable image in the input, so there is no mean colour to fill with.");
        }

        MeanColor fill = accumulator.Mean;
        stdout.WriteLine($"mean colour over {accumulator.ImageCount} images: {fill} (pass it with --mean to skip this pass)");
        return fill;
    }
}
