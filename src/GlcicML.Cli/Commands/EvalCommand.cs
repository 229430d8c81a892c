using System.Globalization;

namespace GlcicML.Cli.Commands;

/// <summary><c>glcic eval</c>: scores a model against post-processing, fast marching and mean fill on images with known content.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The GlcicML ONNX model.", Required = true };
        var data = new Option<string>("--data", "-d") { Description = "An image, or a folder searched recursively for .png/.jpg/.jpeg files (the ground truth).", Required = true };
        var masks = new CommonOptions.MaskSourceOptions();
        var output = new Option<string?>("--output", "-o") { Description = "Write per-image scores and the summary as JSON (e.g. metrics.json)." };
        var threads = new Option<int>("--threads") { Description = "CPU threads per inference (0 = one per core).", DefaultValueFactory = _ => 0 };
        Option<long> maxPixels = CommonOptions.MaxPixels();
        var judge = new Option<bool>("--judge") { Description = "Also run the naturalness judge: a small CNN trained to tell 64-px patches around the holes from the originals', scored on held-out images (50 % = indistinguishable from real; minutes for ~20 photos)." };
        var perImage = new Option<bool>("--per-image") { Description = "Also print each image's hole L1 for every method." };
        var judgeSeed = new Option<int>("--judge-seed") { Description = "Seed of the naturalness judge.", DefaultValueFactory = _ => 0 };
        var command = new Command("eval", "Score a model on images with known content: PSNR, SSIM and L1 inside the holes and over the whole image, against post-processing, fast marching (radius 5) and mean fill.")
        {
            model, data, output, threads, maxPixels, judge, judgeSeed, perImage,
        };
        masks.AddTo(command);
        command.SetAction(result =>
        {
            var readOptions = new ImageReadOptions { MaxPixels = result.GetValue(maxPixels) };
            MaskSource source = masks.Read(result, readOptions.MaxPixels, result.GetRequiredValue(data));
            using var inpainter = GlcicInpainter.Load(result.GetRequiredValue(model), new InpainterOptions { CpuThreads = result.GetValue(threads) });
            NaturalnessOptions? naturalness = null;
            if (result.GetValue(judge))
            {
                INaturalnessJudge found = NaturalnessJudges.TryCreate(out string reason)
                    ?? throw new InvalidOperationException($"--judge: {reason}; from the command line, run the same eval with the glcic-train tool (GlcicML.Cli.Training), which has it.");
                naturalness = new NaturalnessOptions(found, Seed: result.GetValue(judgeSeed));
            }

            return Run(inpainter, result.GetRequiredValue(data), source, readOptions, result.GetValue(output), result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, naturalness, result.GetValue(perImage));
        });
        return command;
    }

    public static int Run(GlcicInpainter inpainter, string data, MaskSource masks, ImageReadOptions readOptions, string? output, TextWriter stdout, TextWriter stderr, NaturalnessOptions? naturalness = null, bool perImage = false)
    {
        if (output is not null)
        {
            CheckWritable(output); // before minutes of scoring, not after
        }

        EvaluationReport report = InpaintingEvaluator.Evaluate(inpainter, data, masks, readOptions, naturalness: naturalness);
        foreach (BatchFailure failure in report.Failures)
        {
            stderr.WriteLine($"skipped {failure.Input} ({failure.Stage}: {failure.Reason}): {failure.Message}");
        }

        stdout.WriteLine($"{report.Images.Count} images scored with {report.Model}, masks {report.Masks}; mean / median over images");
        stdout.WriteLine();
        stdout.WriteLine("| method | hole PSNR dB | hole SSIM | hole L1 | hole sharpness | image PSNR dB | image SSIM |");
        stdout.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (MethodSummary m in report.Summary)
        {
            stdout.WriteLine($"| {m.Method} | {Pair(m.HolePsnr, "F2")} | {Pair(m.HoleSsim, "F4")} | {Pair(m.HoleL1, "F4")} | {Pair(m.HoleSharpness, "F3")} | {Pair(m.WholePsnr, "F2")} | {Pair(m.WholeSsim, "F4")} |");
        }

        stdout.WriteLine();
        stdout.WriteLine("hole sharpness: gradient energy inside the holes relative to the original's (1 = as detailed, below 1 blurrier, above 1 noisier).");
        if (perImage)
        {
            stdout.WriteLine();
            stdout.WriteLine($"| image | holes | {string.Join(" | ", report.Summary.Select(m => $"{m.Method} hole L1"))} |");
            stdout.WriteLine($"| --- | ---: |{string.Concat(report.Summary.Select(_ => " ---: |"))}");
            foreach (ImageEvaluation image in report.Images)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {image.Input} | {image.HoleFraction:P1} | {string.Join(" | ", report.Summary.Select(m => image.Methods[m.Method].Hole.L1.ToString("F4", CultureInfo.InvariantCulture)))} |"));
            }
        }
        if (report.Naturalness.Count > 0)
        {
            stdout.WriteLine();
            stdout.WriteLine($"naturalness judge ({naturalness!.PatchSide}-px patches around the holes, seed {naturalness.Seed}): held-out accuracy telling them from the originals; 50 % = indistinguishable, 100 % = always told apart");
            stdout.WriteLine();
            stdout.WriteLine("| method | judge accuracy | 95 % interval | patches |");
            stdout.WriteLine("| --- | --- | --- | --- |");
            foreach (NaturalnessResult n in report.Naturalness)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {n.Method} | {n.Score.Accuracy:P1} | {n.Score.Low:P1} - {n.Score.High:P1} | {n.Score.Samples} |"));
            }
        }

        if (output is not null)
        {
            report.Save(output);
            stdout.WriteLine();
            stdout.WriteLine($"per-image scores: {output}");
        }

        // Like inpaint: any skipped image makes the run incomplete (exit 1), even when the others were scored.
        return report.Images.Count == 0 || report.Failures.Count > 0 ? 1 : 0;
    }

    /// <summary>Fails now, with the path, if <paramref name="output"/> cannot be written (missing parent made, a folder there, no permission).</summary>
    private static void CheckWritable(string output)
    {
        string full = Path.GetFullPath(output);
        if (Directory.Exists(full))
        {
            throw new ArgumentException($"--output '{output}' is a folder; give a file name such as metrics.json.");
        }

        string folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string probe = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(probe, []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--output '{output}' cannot be written: {e.Message}", e);
        }
        finally
        {
            File.Delete(probe);
        }
    }

    private static string Pair(Statistic s, string format) =>
        $"{Format(s.Mean, format)} / {Format(s.Median, format)}{(s.Identical > 0 ? $" ({s.Identical} identical)" : string.Empty)}";

    private static string Format(double value, string format) => double.IsPositiveInfinity(value) ? "inf" : value.ToString(format, CultureInfo.InvariantCulture);
}
