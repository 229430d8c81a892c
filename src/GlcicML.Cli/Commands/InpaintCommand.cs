using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Spectre.Console;

namespace GlcicML.Cli.Commands;

/// <summary>
/// <c>glcic inpaint</c>: completes the holes of every image of a folder with an ONNX model, mirroring the folder tree,
/// through <see cref="BatchInpainting"/>: streaming, resumable, shardable, with <c>report.json</c> listing every
/// skipped file. Ctrl-C or SIGTERM stops cleanly (finished outputs stay; rerun to continue).
/// </summary>
internal static class InpaintCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The GlcicML ONNX model (from glcic-train train or glcic-train export).", Required = true };
        Option<string> input = CommonOptions.Input();
        Option<string> output = CommonOptions.Output("completed images (PNG) and report.json");
        var masks = new CommonOptions.MaskSourceOptions();
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N (a GPU that cannot be used falls back to the CPU, reported).", DefaultValueFactory = _ => "cpu" };
        var batch = new Option<int>("--batch-size") { Description = "Images of equal size run together, up to this many.", DefaultValueFactory = _ => 8 };
        var threads = new Option<int>("--threads") { Description = "CPU threads per inference (0 = one per core).", DefaultValueFactory = _ => 0 };
        var padding = new Option<PaddingMode>("--padding") { Description = "Reflect (default) or Replicate padding to a multiple of 4.", DefaultValueFactory = _ => PaddingMode.Reflect };
        var mean = new Option<string?>("--mean") { Description = "Override the model's fill colour (r,g,b in [0, 1])." };
        var postprocess = new Option<bool>("--postprocess") { Description = "Polish each result as the paper does: fast marching (radius 1), then Poisson blending." };
        var shard = new Option<string?>("--shard") { Description = "Process only shard i of N (i/N, 0 <= i < N), chosen by a stable hash of each relative path; N processes cover the inputs exactly once." };
        var redo = new Option<bool>("--redo") { Description = "Process every input again, even those whose output is already complete (by default a rerun resumes)." };
        var allowFailures = new Option<bool>("--allow-failures") { Description = "Exit with 0 even when some inputs were skipped (they are still listed in the report)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the summary and skipped files." };
        var logFormat = new Option<string>("--log-format") { Description = "text (progress bar on a terminal, lines otherwise) or jsonl (one JSON object per input, then a summary).", DefaultValueFactory = _ => "text" };
        logFormat.AcceptOnlyFromAmong("text", "jsonl");
        var report = new Option<string?>("--report") { Description = "Where to write the report (default: report.json in --output, report.shard-i-of-N.json with --shard)." };
        Option<long> maxPixels = CommonOptions.MaxPixels();
        var command = new Command("inpaint", "Complete the holes of images with a GlcicML ONNX model.")
        {
            model, input, output, device, batch, threads, padding, mean, postprocess,
            shard, redo, allowFailures, quiet, logFormat, report, maxPixels,
        };
        masks.AddTo(command);
        command.SetAction(result =>
        {
            var readOptions = new ImageReadOptions { MaxPixels = result.GetValue(maxPixels) };
            string? meanText = result.GetValue(mean);
            string? shardText = result.GetValue(shard);
            var batchOptions = new BatchInpaintingOptions
            {
                Input = result.GetRequiredValue(input),
                Output = result.GetRequiredValue(output),
                Masks = masks.Read(result, readOptions.MaxPixels, result.GetRequiredValue(input), result.GetRequiredValue(output)),
                PostProcessing = result.GetValue(postprocess) ? PostProcessingOptions.Default : null,
                Shard = shardText is null ? Shard.All : Shard.Parse(shardText),
                ReadOptions = readOptions,
                Redo = result.GetValue(redo),
            };
            var display = new Display(
                result.GetValue(logFormat) == "jsonl" ? DisplayMode.Json : result.GetValue(quiet) ? DisplayMode.Quiet : Console.IsOutputRedirected ? DisplayMode.Lines : DisplayMode.ProgressBar,
                result.InvocationConfiguration.Output,
                result.InvocationConfiguration.Error);
            var inpainterOptions = new InpainterOptions
            {
                GpuDeviceId = DeviceOption.Parse(result.GetRequiredValue(device)),
                BatchSize = result.GetValue(batch),
                CpuThreads = result.GetValue(threads),
                Padding = result.GetValue(padding),
                Mean = meanText is null ? null : MeanColor.Parse(meanText),
                Log = display.Note,
            };
            using var stop = new CancellationTokenSource();
            using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            using GlcicInpainter inpainter = GlcicInpainter.Load(result.GetRequiredValue(model), inpainterOptions);
            return Run(inpainter, batchOptions, result.GetValue(report), display, result.GetValue(allowFailures), stop.Token);
        });
        return command;
    }

    public static int Run(GlcicInpainter inpainter, BatchInpaintingOptions options, string? reportPath, Display display, bool allowFailures, CancellationToken cancellationToken)
    {
        display.Note($"inpainting {options.Input} -> {options.Output} with {inpainter.Source} ({inpainter.ModelInfo.Precision}, {inpainter.ExecutionProvider}), fill colour {inpainter.Mean}" +
            (options.PostProcessing is null ? string.Empty : $", then fast marching (radius {options.PostProcessing.TeleaRadius}) and Poisson blending") +
            (options.Shard.Count > 1 ? $", shard {options.Shard}" : string.Empty));
        BatchReport report = display.Run((onItem, onPlanned) => BatchInpainting.Run(inpainter, options, onItem, onPlanned, cancellationToken));
        string path = reportPath ?? Path.Combine(options.Output, BatchReport.FileName(options.Shard));
        report.Save(path);
        display.Summary(report, path);
        if (report.Inputs == 0 && options.Shard.Count == 1 && !report.Cancelled)
        {
            // Most likely the wrong folder; a shard may be empty on its own, the whole input should not be.
            display.Error($"no image files (.png, .jpg, .jpeg) under '{options.Input}' (searched recursively): check the --input path.");
            return 1;
        }

        return report.Cancelled ? 130 : report.Failures.Count > 0 && !allowFailures ? 1 : 0;
    }

    internal enum DisplayMode
    {
        ProgressBar,
        Lines,
        Quiet,
        Json,
    }

    /// <summary>How a run shows itself: a progress bar on a terminal, periodic lines, nothing but the summary, or JSON lines.</summary>
    internal sealed class Display(DisplayMode mode, TextWriter stdout, TextWriter stderr)
    {
        private static readonly JsonSerializerOptions s_json = new()
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private int _done;
        private int _written;
        private TimeSpan _lastLine;

        /// <summary>An error that ends the run, on stderr in every mode.</summary>
        public void Error(string message) => stderr.WriteLine($"glcic inpaint: {message}");

        /// <summary>A one-off message (model, device); in JSON mode an object with a "note" field.</summary>
        public void Note(string message)
        {
            if (mode == DisplayMode.Json)
            {
                stdout.WriteLine(JsonSerializer.Serialize(new { note = message }, s_json));
            }
            else if (mode != DisplayMode.Quiet)
            {
                stdout.WriteLine(message);
            }
        }

        public BatchReport Run(Func<Action<BatchItemResult>, Action<int>, BatchReport> work)
        {
            if (mode != DisplayMode.ProgressBar)
            {
                return work(Item, total => Note($"{total} inputs"));
            }

            BatchReport? report = null;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    ProgressTask task = context.AddTask("listing inputs", maxValue: 1);
                    report = work(
                        result =>
                        {
                            Item(result);
                            task.Value = _done;
                            task.Description = Markup.Escape(Rate());
                        },
                        total => task.MaxValue = Math.Max(1, total));
                    task.Value = task.MaxValue;
                });
            return report!;
        }

        public void Summary(BatchReport report, string reportPath)
        {
            if (mode == DisplayMode.Json)
            {
                stdout.WriteLine(JsonSerializer.Serialize(new { summary = new { report.Inputs, report.Written, report.AlreadyComplete, failed = report.Failures.Count, report.NotProcessed, report.Cancelled, report.Seconds, report.ImagesPerSecond, report = reportPath } }, s_json));
                return;
            }

            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{report.Inputs} inputs: {report.Written} written, {report.AlreadyComplete} already complete, {report.Failures.Count} skipped" +
                $"{(report.NotProcessed > 0 ? $", {report.NotProcessed} not processed" : string.Empty)} in {report.Seconds:F1} s ({report.ImagesPerSecond:F1} images/s){(report.Cancelled ? "; stopped early, run the same command again to continue" : string.Empty)}."));
            foreach (string warning in report.Warnings)
            {
                stderr.WriteLine($"warning {warning}");
            }

            stdout.WriteLine($"report: {reportPath}");
        }

        /// <summary>Called once per input, one call at a time.</summary>
        private void Item(BatchItemResult result)
        {
            _done++;
            _written += result.Status == BatchItemStatus.Written ? 1 : 0;
            if (mode == DisplayMode.Json)
            {
                stdout.WriteLine(JsonSerializer.Serialize(new { input = result.Input.RelativePath, status = result.Status.ToString(), output = result.OutputPath, failure = result.Failure, warning = result.Warning }, s_json));
                return;
            }

            if (result.Failure is { } failure)
            {
                stderr.WriteLine($"skipped {failure.Input} ({failure.Stage}: {failure.Reason}): {failure.Message}");
            }

            if (mode == DisplayMode.Lines && _clock.Elapsed - _lastLine >= TimeSpan.FromSeconds(5))
            {
                _lastLine = _clock.Elapsed;
                stdout.WriteLine(Rate());
            }
        }

        private string Rate() => string.Create(CultureInfo.InvariantCulture, $"{_done} done, {_written} written, {_written / Math.Max(1e-9, _clock.Elapsed.TotalSeconds):F1} images/s");
    }
}
