using GlcicML.Batch;
using GlcicML.Imaging;
using GlcicML.Inference;

namespace GlcicML.Cli.Commands;

/// <summary><c>glcic-train export</c>: writes a checkpoint's completion network as an ONNX model, float32 or int8.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint", "-c") { Description = "A training checkpoint (checkpoint.ckpt from glcic-train train).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "The .onnx file to write.", Required = true };
        var precision = new Option<ExportPrecision>("--precision") { Description = "Float32 (exact) or Int8 (quantized, faster on CPUs with VNNI).", DefaultValueFactory = _ => ExportPrecision.Float32 };
        var calibration = new Option<string?>("--calibration") { Description = "Int8: folder of images to calibrate activation ranges on (default: the built-in sample photos)." };
        var count = new Option<int>("--calibration-count") { Description = "Int8: how many calibration images to use.", DefaultValueFactory = _ => 16 };
        var completionOnly = new Option<string?>("--completion-checkpoint") { Description = "Also write a completion-only checkpoint (the completion network and metadata, a tenth of the size): enough for --warm-start and --fine-tune, not --resume." };
        var command = new Command("export", "Export a checkpoint's completion network to ONNX (batch norm folded, opset 17, dynamic sizes, metadata).")
        {
            checkpoint, output, precision, calibration, count, completionOnly,
        };
        command.SetAction(result =>
        {
            int exit = Run(
                result.GetRequiredValue(checkpoint), result.GetRequiredValue(output), result.GetValue(precision), result.GetValue(calibration), result.GetValue(count),
                result.InvocationConfiguration.Output);
            if (result.GetValue(completionOnly) is { } slim)
            {
                TrainingCheckpoint.WriteCompletionOnly(result.GetRequiredValue(checkpoint), slim);
                result.InvocationConfiguration.Output.WriteLine($"wrote {slim}: the completion network only ({new FileInfo(slim).Length / 1e6:F1} MB; use it with --warm-start or --fine-tune)");
            }

            return exit;
        });
        return command;
    }

    public static int Run(string checkpoint, string output, ExportPrecision precision, string? calibrationFolder, int calibrationCount, TextWriter stdout)
    {
        IReadOnlyList<CalibrationInput>? calibration = precision == ExportPrecision.Int8
            ? CalibrationInputs(TrainingCheckpoint.ReadInfo(checkpoint), calibrationFolder, calibrationCount)
            : null;
        GlcicModelInfo info = OnnxExporter.ExportCheckpoint(checkpoint, output, precision, calibration);
        stdout.WriteLine($"wrote {output}: {info.Precision}, width {info.WidthMultiplier}, trained {info.Iterations:N0} iterations on {info.CropSize}-px crops, mean {info.Mean}");
        return 0;
    }

    /// <summary>The calibration images: a folder's, or the built-in sample photos.</summary>
    internal static IReadOnlyList<CalibrationInput> CalibrationInputs(CheckpointInfo checkpoint, string? folder, int count) =>
        CalibrationInput.FromImages(
            checkpoint,
            folder is null
                ? SamplePhotos.Names.Select(name => RgbImage.Decode(SamplePhotos.Read(name), name))
                : ImageInput.Find(folder).Select(input => RgbImage.Load(input.FullPath)),
            count);
}
