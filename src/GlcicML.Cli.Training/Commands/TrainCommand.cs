using System.Globalization;
using System.Runtime.InteropServices;
using GlcicML.Filling;
using GlcicML.Training.Data;
using GlcicML.Training.Networks;
using Spectre.Console;

namespace GlcicML.Cli.Commands;

/// <summary>
/// <c>glcic-train train</c>: trains GLCIC on a folder of images (or synthetic scenes), writing a checkpoint, a training log
/// and, at the end, <c>model.onnx</c>. Ctrl-C or SIGTERM stops after the current iteration with a checkpoint and a
/// model written, so <c>--resume</c> continues exactly.
/// </summary>
internal static class TrainCommand
{
    public const string CheckpointFile = "checkpoint.ckpt";
    public const string BestCheckpointFile = "best.ckpt";
    public const string BestModelFile = "best.onnx";
    public const string ValidationLogFile = "validation.csv";
    public const string ModelFile = "model.onnx";

    public static Command Create()
    {
        // Every default comes from the library's options, so the tool and the API cannot drift apart.
        var defaults = new GlcicTrainingOptions();
        var data = new Option<string?>("--data", "-d") { Description = "Folder of training images (searched recursively for .png/.jpg/.jpeg)." };
        var synthetic = new Option<bool>("--synthetic") { Description = "Train on procedural scenes instead of (or, with --data absent, without) a folder." };
        var output = new Option<string>("--output", "-o") { Description = "Folder for checkpoint.ckpt, training-log.csv and model.onnx.", Required = true };
        var size = new Option<int>("--size") { Description = "Training crop side (the global discriminator's input).", DefaultValueFactory = _ => defaults.CropSize };
        var resizeMin = new Option<int?>("--resize-min") { Description = "Smallest shorter edge before cropping (default: --size)." };
        var resizeMax = new Option<int?>("--resize-max") { Description = "Largest shorter edge before cropping (default: 1.5 x --size, as 384 for 256)." };
        var holeMin = new Option<int>("--hole-min") { Description = "Smallest hole side in pixels.", DefaultValueFactory = _ => defaults.MinHoleSize };
        var holeMax = new Option<int>("--hole-max") { Description = "Largest hole side in pixels.", DefaultValueFactory = _ => defaults.MaxHoleSize };
        var localSize = new Option<int?>("--local-size") { Description = "Local discriminator patch side (default: --size / 2, as 128 for 256)." };
        var iterations = new Option<long>("--iterations") { Description = "T_train, total iterations.", DefaultValueFactory = _ => defaults.TotalIterations };
        var tc = new Option<long>("--tc") { Description = "T_C, completion-only iterations.", DefaultValueFactory = _ => defaults.CompletionIterations };
        var td = new Option<long>("--td") { Description = "T_D, discriminator-only iterations.", DefaultValueFactory = _ => defaults.DiscriminatorIterations };
        var batch = new Option<int>("--batch-size") { Description = "Images per iteration.", DefaultValueFactory = _ => defaults.BatchSize };
        var width = new Option<double>("--width") { Description = "Network width multiplier (1.0 = the paper's).", DefaultValueFactory = _ => defaults.WidthMultiplier };
        var alpha = new Option<double>("--alpha") { Description = "Weight of the adversarial loss.", DefaultValueFactory = _ => defaults.Alpha };
        var learningRate = new Option<double?>("--learning-rate") { Description = "Learning rate (default: the optimizer's, 1.0 for adadelta as in the paper, 4e-4 for adam)." };
        var optimizer = new Option<string>("--optimizer") { Description = "adadelta (the paper's) or adam.", DefaultValueFactory = _ => "adadelta" };
        optimizer.AcceptOnlyFromAmong("adadelta", "adam");
        var schedule = new Option<string>("--schedule") { Description = "Learning-rate schedule: constant (the paper's) or cosine (decays to 1 % at the last iteration).", DefaultValueFactory = _ => "constant" };
        schedule.AcceptOnlyFromAmong("constant", "cosine");
        var loss = new Option<string>("--loss") { Description = "Reconstruction loss: crop-mse (the paper's Eq. 2), hole-l1 or hole-mse (averaged over hole pixels).", DefaultValueFactory = _ => "crop-mse" };
        loss.AcceptOnlyFromAmong("crop-mse", "hole-l1", "hole-mse");
        var prefill = new Option<string>("--prefill") { Description = "What the holes hold before the network: mean-color (the paper's) or fast-marching (the network learns a correction to Telea; untrained, it is Telea).", DefaultValueFactory = _ => "mean-color" };
        prefill.AcceptOnlyFromAmong("mean-color", "fast-marching");
        var discriminators = new Option<string>("--discriminators") { Description = "Context discriminators: both (the paper's), global or local (one alone, as the paper's ablation).", DefaultValueFactory = _ => "both" };
        discriminators.AcceptOnlyFromAmong("both", "global", "local");
        var channelMultiple = new Option<int>("--channel-multiple") { Description = "Round the completion network's hidden channel counts up to a multiple of this (1 = as --width gives; 16 fills AVX-512 blocks: more capacity at the same step time).", DefaultValueFactory = _ => defaults.ChannelMultiple };
        var curriculum = new Option<long>("--hole-curriculum") { Description = "Iterations over which the largest hole side grows from --hole-min to --hole-max (small holes first); 0 (the paper's) draws from the whole range from the start.", DefaultValueFactory = _ => defaults.HoleCurriculumIterations };
        var holeShape = new Option<string>("--hole-shape") { Description = "Training holes: rectangles (the paper's; --hole-min/--hole-max), strokes (free-form brush strokes over 5-35 % of the crop, the holes users paint) or mixed (each crop one or the other).", DefaultValueFactory = _ => "rectangles" };
        holeShape.AcceptOnlyFromAmong("rectangles", "strokes", "mixed");
        var precision = new Option<string>("--precision") { Description = "What the convolutions compute in while training: fp32 (the default) or bf16 (bfloat16 with fp32 weights and losses; faster on CPUs with AVX512_BF16).", DefaultValueFactory = _ => "fp32" };
        precision.AcceptOnlyFromAmong("fp32", "bf16");
        var grayscale = new Option<double>("--grayscale") { Description = "Share of training crops turned gray, in [0, 1] (0, the paper's, by default): teaches a model to keep gray photos gray.", DefaultValueFactory = _ => defaults.GrayscaleFraction };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N (falls back to the CPU, reported).", DefaultValueFactory = _ => "cpu" };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in --output (--iterations may extend the schedule)." };
        var fineTune = new Option<string?>("--fine-tune") { Description = "Start from this checkpoint's completion network with fresh discriminators (the paper's fine-tuning)." };
        var warmStart = new Option<string?>("--warm-start") { Description = "Start a new schedule (T_C first) from this checkpoint's completion network: more completion-only training on other data, holes or crop sizes (same width and prefill)." };
        var validation = new Option<string?>("--validation") { Description = "Folder of held-out photos scored after every checkpoint (fixed seeded holes, 2-4 of 32-128 px): hole L1 and PSNR beside fast marching and mean fill, in validation.csv; the best checkpoint is kept as best.ckpt and exported as best.onnx." };
        var every = new Option<long>("--checkpoint-every") { Description = "Iterations between checkpoints.", DefaultValueFactory = _ => defaults.CheckpointEvery };
        var seed = new Option<int>("--seed") { Description = "Seed of weights, sampling, crops and holes.", DefaultValueFactory = _ => defaults.Seed };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (0 = one per core).", DefaultValueFactory = _ => defaults.Threads };
        var mean = new Option<string?>("--mean") { Description = "Fill colour r,g,b in [0, 1] (default: estimated from the data)." };
        var timeLimit = new Option<TimeSpan?>("--time-limit") { Description = "Stop after this much wall time (h:mm:ss, e.g. 0:30:00) as Ctrl-C does: after the current iteration, with a checkpoint (and validation); --resume continues. For runs compared at the same time budget." };
        var logFormat = new Option<string>("--log-format") { Description = "Training log format: csv or jsonl.", DefaultValueFactory = _ => "csv" };
        logFormat.AcceptOnlyFromAmong("csv", "jsonl");
        var command = new Command("train", "Train GLCIC (Algorithm 1 of the paper): completion network, then discriminators, then both.")
        {
            data, synthetic, output, size, resizeMin, resizeMax, holeMin, holeMax, localSize, iterations, tc, td, batch, width, alpha, learningRate, optimizer, schedule, loss, prefill, grayscale, discriminators, channelMultiple, precision, curriculum, holeShape, device,
            resume, fineTune, warmStart, validation, every, seed, threads, mean, timeLimit, logFormat,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(data) is null && !result.GetValue(synthetic))
            {
                result.AddError("Give --data <folder> or --synthetic.");
            }

            if (result.GetValue(timeLimit) is { } limit && limit <= TimeSpan.Zero)
            {
                result.AddError("--time-limit must be positive (h:mm:ss, e.g. 0:30:00).");
            }

            if (new[] { result.GetValue(resume), result.GetValue(fineTune) is not null, result.GetValue(warmStart) is not null }.Count(given => given) > 1)
            {
                result.AddError("--resume, --fine-tune and --warm-start each choose where training starts; give at most one.");
            }
        });
        command.SetAction(result =>
        {
            int crop = result.GetValue(size);
            string? meanText = result.GetValue(mean);
            var options = new GlcicTrainingOptions
            {
                CropSize = crop,
                MinResize = result.GetValue(resizeMin) ?? crop,
                MaxResize = result.GetValue(resizeMax) ?? (crop * 3 / 2),
                MinHoleSize = result.GetValue(holeMin),
                MaxHoleSize = result.GetValue(holeMax),
                LocalPatchSize = result.GetValue(localSize) ?? (crop / 2),
                TotalIterations = result.GetValue(iterations),
                CompletionIterations = result.GetValue(tc),
                DiscriminatorIterations = result.GetValue(td),
                BatchSize = result.GetValue(batch),
                WidthMultiplier = result.GetValue(width),
                Alpha = result.GetValue(alpha),
                LearningRate = result.GetValue(learningRate),
                Optimizer = result.GetValue(optimizer) == "adam" ? TrainingOptimizer.Adam : TrainingOptimizer.Adadelta,
                Schedule = result.GetValue(schedule) == "cosine" ? LearningRateSchedule.Cosine : LearningRateSchedule.Constant,
                GrayscaleFraction = result.GetValue(grayscale),
                ChannelMultiple = result.GetValue(channelMultiple),
                HoleCurriculumIterations = result.GetValue(curriculum),
                HoleShape = result.GetValue(holeShape) switch { "strokes" => TrainingHoleShape.Strokes, "mixed" => TrainingHoleShape.Mixed, _ => TrainingHoleShape.Rectangles },
                Precision = result.GetValue(precision) == "bf16" ? ComputePrecision.BFloat16 : ComputePrecision.Float32,
                Discriminators = result.GetValue(discriminators) switch { "global" => DiscriminatorContext.GlobalOnly, "local" => DiscriminatorContext.LocalOnly, _ => DiscriminatorContext.Both },
                Prefill = NetworkInput.Parse(result.GetValue(prefill)!) ?? HolePrefill.MeanColor,
                Reconstruction = result.GetValue(loss) switch { "hole-l1" => ReconstructionLoss.HoleL1, "hole-mse" => ReconstructionLoss.HoleMse, _ => ReconstructionLoss.CropMse },
                Device = result.GetRequiredValue(device),
                CheckpointEvery = result.GetValue(every),
                Seed = result.GetValue(seed),
                Threads = result.GetValue(threads),
                Mean = meanText is null ? null : MeanColor.Parse(meanText),
            };
            var request = new TrainRequest(result.GetValue(data), result.GetValue(synthetic), result.GetRequiredValue(output), options,
                result.GetValue(resume), result.GetValue(fineTune), result.GetValue(warmStart), result.GetRequiredValue(logFormat))
            {
                Validation = result.GetValue(validation),
                TimeLimit = result.GetValue(timeLimit),
            };
            using var stop = new CancellationTokenSource();
            using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            return Run(request, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, interactive: !Console.IsOutputRedirected, stop.Token);
        });
        return command;
    }

    public static int Run(TrainRequest request, TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(request.Output);
        string checkpoint = Path.Combine(request.Output, CheckpointFile);
        string log = Path.Combine(request.Output, $"training-log.{request.LogFormat}");
        string model = Path.Combine(request.Output, ModelFile);
        if (!request.Resume && File.Exists(checkpoint))
        {
            stderr.WriteLine($"glcic-train train: '{checkpoint}' already exists. Pass --resume to continue it, or choose another --output.");
            return 2;
        }

        if (request.Resume && !File.Exists(checkpoint))
        {
            stderr.WriteLine($"glcic-train train: --resume needs '{checkpoint}', which does not exist. Start without --resume.");
            return 2;
        }

        TrainingImages images = request.Data is not null ? TrainingImages.FromFolder(request.Data) : TrainingImages.Synthetic(request.Options.MaxResize * 5 / 4, request.Options.MaxResize);
        using GlcicTrainingSession session = request.Resume
            ? GlcicTrainingSession.Resume(checkpoint, images, request.Options.TotalIterations, stdout.WriteLine)
            : request.FineTune is not null
                ? GlcicTrainingSession.FineTune(request.FineTune, request.Options, images, stdout.WriteLine)
                : request.WarmStart is not null
                    ? GlcicTrainingSession.WarmStart(request.WarmStart, request.Options, images, stdout.WriteLine)
                    : GlcicTrainingSession.Start(request.Options, images, stdout.WriteLine);
        if (request.Validation is not null)
        {
            session.ValidateWith(TrainingValidation.FromFolder(request.Validation), Path.Combine(request.Output, ValidationLogFile));
        }

        stdout.WriteLine($"training on {images.Description}: {session.Options.TotalIterations:N0} iterations (T_C {session.Options.CompletionIterations:N0}, T_D {session.Options.DiscriminatorIterations:N0}), batch {session.Options.BatchSize}, width {session.Options.WidthMultiplier}, crop {session.Options.CropSize}; {session.Options.Recipe}");

        TrainingSummary? summary = null;
        int exit = 0;
        using var timeUp = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeUp.Token);
        if (request.TimeLimit is { } limit)
        {
            timeUp.CancelAfter(limit);
        }

        try
        {
            summary = interactive
                ? RunWithProgressBar(session, checkpoint, log, stop.Token)
                : session.Run(checkpoint, log, new PlainProgress(stdout, session.Options), cancellationToken: stop.Token);
        }
        catch (OperationCanceledException) when (timeUp.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A planned stop, not an interruption: exit 0.
            stdout.WriteLine($"time limit of {request.TimeLimit} reached at iteration {session.Iteration:N0}; checkpoint written. Continue with: glcic-train train --resume --output {request.Output} ...");
        }
        catch (OperationCanceledException)
        {
            stdout.WriteLine($"stopped at iteration {session.Iteration:N0}; checkpoint written. Continue with: glcic-train train --resume --output {request.Output} ...");
            exit = 130;
        }
        catch (TrainingDivergedException e)
        {
            stderr.WriteLine($"glcic-train train: {e.Message}");
            return 3;
        }

        GlcicML.Inference.GlcicModelInfo info = OnnxExporter.ExportCheckpoint(checkpoint, model);
        if (summary is not null)
        {
            stdout.WriteLine($"done: {summary.Iterations:N0} iterations ({summary.IterationsThisRun:N0} this run) in {Duration(summary.Elapsed)}, " +
                $"{summary.ImagesPerSecond:F1} images/s, data wait {summary.DataWaitShare:P1}, {summary.SkippedImages} unreadable images skipped");
        }

        string best = Path.Combine(request.Output, BestCheckpointFile);
        if (request.Validation is not null && File.Exists(best))
        {
            GlcicML.Inference.GlcicModelInfo bestInfo = OnnxExporter.ExportCheckpoint(best, Path.Combine(request.Output, BestModelFile));
            stdout.WriteLine($"best model: {Path.Combine(request.Output, BestModelFile)} (iteration {bestInfo.Iterations:N0}; scores in {Path.Combine(request.Output, ValidationLogFile)})");
        }

        stdout.WriteLine($"checkpoint: {checkpoint}");
        stdout.WriteLine($"training log: {log}");
        stdout.WriteLine($"model: {model} (mean {info.Mean}, {info.Iterations:N0} iterations)");
        return exit;
    }

    private static TrainingSummary RunWithProgressBar(GlcicTrainingSession session, string checkpoint, string log, CancellationToken cancellationToken)
    {
        TrainingSummary? summary = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask("starting", maxValue: session.Options.TotalIterations);
                task.Value = session.Iteration;
                var projection = new WallTimeProjection(session.Options, line => AnsiConsole.MarkupLine(Markup.Escape(line)));
                var progress = new SynchronousProgress(p =>
                {
                    task.Value = p.Iteration;
                    task.Description = Markup.Escape(Describe(p, session.Options.Reconstruction));
                    projection.Report(p);
                });
                summary = session.Run(checkpoint, log, progress, cancellationToken: cancellationToken);
            });
        return summary!;
    }

    /// <summary>Hours:minutes:seconds, hours unbounded (training runs last days).</summary>
    internal static string Duration(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}");

    internal static string Describe(TrainingProgress p, ReconstructionLoss loss)
    {
        var parts = new List<string> { $"{p.Phase,-13}", $"it {p.Iteration:N0}/{p.TotalIterations:N0}" };
        if (p.CompletionMse is double reconstruction)
        {
            string name = loss switch { ReconstructionLoss.HoleL1 => "hole L1", ReconstructionLoss.HoleMse => "hole mse", _ => "mse" };
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {reconstruction:F5}"));
        }

        if (p.AdversarialLoss is double adversarial)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"adv {adversarial:F3}"));
        }

        if (p.DiscriminatorLoss is double discriminator)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"D {discriminator:F3} (acc {p.DiscriminatorAccuracy:P0})"));
        }

        parts.Add(string.Create(CultureInfo.InvariantCulture, $"{p.ImagesPerSecond:F1} img/s"));
        return string.Join(" | ", parts);
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to a thread pool).</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>For redirected output: a line at each phase change and about every 2% (at most every 30 s of silence), with an ETA.</summary>
    private sealed class PlainProgress(TextWriter output, GlcicTrainingOptions options) : IProgress<TrainingProgress>
    {
        private readonly long _every = Math.Max(1, options.TotalIterations / 50);
        private readonly WallTimeProjection _projection = new(options, output.WriteLine);
        private TrainingPhase? _phase;
        private long _first = -1;
        private DateTime _last = DateTime.UtcNow;

        public void Report(TrainingProgress value)
        {
            long total = options.TotalIterations;
            if (_first < 0)
            {
                _first = value.Iteration;
            }

            _projection.Report(value);
            bool due = value.Phase != _phase || value.Iteration % _every == 0 || value.Iteration == total || DateTime.UtcNow - _last > TimeSpan.FromSeconds(30);
            if (!due)
            {
                return;
            }

            _phase = value.Phase;
            _last = DateTime.UtcNow;
            double secondsPerIteration = value.Elapsed.TotalSeconds / (value.Iteration - _first + 1);
            var eta = TimeSpan.FromSeconds(secondsPerIteration * (total - value.Iteration));
            output.WriteLine($"{Describe(value, options.Reconstruction)} | elapsed {Duration(value.Elapsed)} | eta {Duration(eta)}");
        }
    }
}

/// <summary>
/// Says, once, how long the rest of the run will take, from the speed of its first few iterations (the very first is
/// left out: it includes one-time checks), and says plainly when that is long.
/// </summary>
internal sealed class WallTimeProjection(GlcicTrainingOptions options, Action<string> write)
{
    /// <summary>Iteration cost relative to a completion step (issue #3's benchmark: 11.0, 18.7 and 8.2 images/s).</summary>
    private static readonly Dictionary<TrainingPhase, double> s_relativeCost = new()
    {
        [TrainingPhase.Completion] = 1.0,
        [TrainingPhase.Discriminator] = 0.6,
        [TrainingPhase.Joint] = 1.35,
    };

    private const int Measured = 5;
    private long _start = -1;
    private TimeSpan _startElapsed;
    private bool _done;

    public void Report(TrainingProgress value)
    {
        if (_done)
        {
            return;
        }

        if (_start < 0)
        {
            (_start, _startElapsed) = (value.Iteration, value.Elapsed);
            return;
        }

        long measured = value.Iteration - _start;
        if (measured < Measured)
        {
            return;
        }

        _done = true;
        double perCost = (value.Elapsed - _startElapsed).TotalSeconds / measured / s_relativeCost[value.Phase];
        double remaining = 0;
        for (long i = value.Iteration; i < options.TotalIterations; i++)
        {
            remaining += s_relativeCost[options.PhaseOf(i)];
        }

        var projected = TimeSpan.FromSeconds(remaining * perCost);
        string line = $"projected wall time: {TrainCommand.Duration(projected)} for the remaining {options.TotalIterations - value.Iteration:N0} iterations " +
            $"(from iterations {_start + 1:N0}-{value.Iteration:N0}; discriminator and joint iterations counted as 0.6x and 1.35x a completion iteration)";
        write(line);
        if (projected > TimeSpan.FromDays(1))
        {
            write($"That is {projected.TotalDays:F0} days on this machine. For a first model, lower --iterations, --size or --width, or train on a GPU; " +
                "the run can be stopped (Ctrl+C or SIGTERM) and continued with --resume at any time.");
        }
    }
}

/// <summary>What <c>glcic-train train</c> was asked to do.</summary>
internal sealed record TrainRequest(string? Data, bool Synthetic, string Output, GlcicTrainingOptions Options, bool Resume, string? FineTune, string? WarmStart, string LogFormat)
{
    /// <summary>A folder of held-out photos to score after every checkpoint, or null.</summary>
    public string? Validation { get; init; }

    /// <summary>Wall time after which the run stops with a checkpoint, or null for none.</summary>
    public TimeSpan? TimeLimit { get; init; }
}
