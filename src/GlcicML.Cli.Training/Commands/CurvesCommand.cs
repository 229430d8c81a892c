namespace GlcicML.Cli.Commands;

/// <summary><c>glcic-train curves</c>: draws a training run's loss curves, with its validation scores when it has them, as SVG and PNG.</summary>
internal static class CurvesCommand
{
    private static readonly string[] s_logNames = ["training-log.csv", "training-log.jsonl"];

    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A glcic-train train --output folder (training-log.csv, and validation.csv with --validation); the run may still be going." };
        var output = new Option<string?>("--output", "-o") { Description = "The SVG to write (default: curves.svg in the run folder; a PNG of the same lines is written beside it)." };
        var command = new Command("curves", "Draw a training run's loss curves and validation scores (SVG with labels, PNG beside it).") { run, output };
        command.SetAction(result => Run(result.GetRequiredValue(run), result.GetValue(output), result.InvocationConfiguration.Output));
        return command;
    }

    public static int Run(string run, string? output, TextWriter stdout)
    {
        string log = s_logNames.Select(name => Path.Combine(run, name)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"'{run}' holds no training-log.csv or training-log.jsonl: give a glcic-train train --output folder.");
        TrainingCurves curves = TrainingCurves.Load(log);
        string validation = Path.Combine(run, TrainCommand.ValidationLogFile);
        if (File.Exists(validation))
        {
            curves = curves.WithValidation(validation);
        }

        string svg = output ?? Path.Combine(run, "curves.svg");
        int height = curves.Validation.Count > 0 ? 540 : 360;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(svg))!);
        File.WriteAllText(svg, curves.ToSvg(720, height));
        curves.Save(Path.ChangeExtension(svg, ".png"), 720, height);
        stdout.WriteLine($"{curves.Points.Count:N0} logged iterations{(curves.Validation.Count > 0 ? $", {curves.Validation.Count} validations" : string.Empty)} -> {svg} (and .png)");
        return 0;
    }
}
