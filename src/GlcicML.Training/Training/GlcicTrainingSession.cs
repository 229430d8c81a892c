using System.Diagnostics;
using GlcicML.Training.Data;
using TorchSharp.Modules;

namespace GlcicML.Training.Training;

/// <summary>
/// Trains the completion network and the context discriminators exactly as Algorithm 1 of the paper:
/// <list type="number">
/// <item>t &lt; T_C: the completion network C on the weighted MSE of Eq. 2, ‖M_c ⊙ (C(x, M_c) − x)‖².</item>
/// <item>T_C ≤ t &lt; T_C + T_D: the discriminators D alone, C fixed, with binary cross-entropy on real samples
/// (x with a random local patch, M_d) and completed ones (C's output inside the hole composited with x outside, and
/// the local patch centred on the hole).</item>
/// <item>After that both: D as in phase 2, then C on MSE + α × adversarial loss (binary cross-entropy of D on the
/// completed samples against "real", the usual non-saturating form of Eq. 4).</item>
/// </list>
/// Both optimizers are ADADELTA. D's gradients and C's are kept apart: D's parameters are frozen while C's loss is
/// back-propagated through D, and D's step sees only detached completions.
/// </summary>
public sealed class GlcicTrainingSession : IDisposable
{
    private readonly CompletionNetwork _completion;
    private readonly ContextDiscriminator _discriminator;
    private readonly OptimizerHelper _completionOptimizer;
    private readonly OptimizerHelper _discriminatorOptimizer;
    private readonly Device _device;
    private readonly TrainingImages _images;
    private readonly Action<string> _log;
    private SourcePosition _position;
    private long _nextSample;
    private long _skippedBefore;
    private double _secondsBefore;
    private (string Path, long Iteration)? _latestCheckpoint;
    private (TrainingValidation Set, string? LogPath)? _validation;
    private double _bestValidationL1 = double.PositiveInfinity;
    private bool _disposed;

    private GlcicTrainingSession(GlcicTrainingOptions options, TrainingImages images, Action<string>? log)
    {
        options.Validate();
        Options = options;
        _images = images;
        _log = log ?? (message => GlcicLogging.Write("GlcicML.Training", message));
        _log($"TorchSharp native library: {TorchSharpRuntime.EnsureLoaded()}");
        _log($"oneDNN: {OneDnnPolicy.Report}");
        _log(NativeHeap.KeepFreedMemory());
        if (options.Threads > 0)
        {
            set_num_threads(options.Threads);
        }

        (_device, DeviceDescription) = TorchDevices.Select(options.Device);
        _log(DeviceDescription);
        random.manual_seed(options.Seed);
        _completion = new CompletionNetwork(options.WidthMultiplier, residual: options.Prefill == HolePrefill.FastMarching, options.ChannelMultiple);
        _discriminator = new ContextDiscriminator(options.CropSize, options.LocalPatchSize, options.WidthMultiplier, options.Discriminators);
        _completion.to(_device);
        _discriminator.to(_device);
        ConvBlock.SetPrecision(_completion, options.Precision);
        ConvBlock.SetPrecision(_discriminator, options.Precision);
        if (options.Precision == ComputePrecision.BFloat16 && _device.type == DeviceType.CPU)
        {
            _log(CpuFeatures.HasBFloat16 switch
            {
                true => "convolutions compute in bfloat16 during training steps (the CPU has AVX512_BF16); weights, batch norm, losses and validation stay fp32",
                false => "warning: bfloat16 asked, but this CPU has neither AVX512_BF16 nor AMX: oneDNN emulates it, usually slower than fp32 (--precision fp32)",
                null => "convolutions compute in bfloat16 during training steps (whether the CPU has AVX512_BF16 is not known here)",
            });
        }
        _completionOptimizer = NewOptimizer(_completion, options);
        _discriminatorOptimizer = NewOptimizer(_discriminator, options);
    }

    /// <summary>The options in force.</summary>
    public GlcicTrainingOptions Options { get; private set; }

    /// <summary>The dataset mean the holes are filled with.</summary>
    public MeanColor Mean { get; private set; }

    /// <summary>Iterations completed.</summary>
    public long Iteration { get; private set; }

    /// <summary>Which device trains, and why.</summary>
    public string DeviceDescription { get; }

    /// <summary>The completion network being trained.</summary>
    public CompletionNetwork Completion => _completion;

    /// <summary>The context discriminators being trained.</summary>
    public ContextDiscriminator Discriminator => _discriminator;

    /// <summary>The latest validation (see <see cref="ValidateWith"/>), or null.</summary>
    public ValidationResult? LastValidation { get; private set; }

    /// <summary>Test hook: runs right after each discriminator update, before the completion network's step.</summary>
    internal Action<ContextDiscriminator>? AfterDiscriminatorStep { get; set; }

    /// <summary>Starts training from scratch.</summary>
    /// <param name="options">Everything about the training; <see cref="GlcicTrainingOptions.Validate"/> runs first.</param>
    /// <param name="images">The training images.</param>
    /// <param name="log">Receives one-line messages (device, native library, skipped files, checkpoints); null sends them to <see cref="GlcicLogging"/>.</param>
    public static GlcicTrainingSession Start(GlcicTrainingOptions options, TrainingImages images, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(images);
        var session = new GlcicTrainingSession(options, images, log);
        session.Mean = options.Mean ?? session.EstimateMean();
        session._log($"fill colour (dataset mean): {session.Mean}");
        return session;
    }

    /// <summary>
    /// Continues from a checkpoint exactly where it stopped: weights, optimizer state, iteration, data position and
    /// random state. <paramref name="totalIterations"/> may extend the schedule.
    /// </summary>
    public static GlcicTrainingSession Resume(string checkpoint, TrainingImages images, long? totalIterations = null, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        CheckpointInfo info = TrainingCheckpoint.ReadInfo(checkpoint);
        GlcicTrainingOptions options = totalIterations is null ? info.Options : info.Options with { TotalIterations = totalIterations.Value };
        if (options.TotalIterations < info.Iteration)
        {
            throw new ArgumentOutOfRangeException(nameof(totalIterations), totalIterations, $"The checkpoint is already at iteration {info.Iteration}.");
        }

        var session = new GlcicTrainingSession(options, images, log);
        info = TrainingCheckpoint.LoadAll(checkpoint, session._completion, session._discriminator, session._completionOptimizer, session._discriminatorOptimizer);
        session.Mean = info.Mean;
        session.Iteration = info.Iteration;
        session._position = info.Position;
        session._nextSample = info.NextSample;
        session._skippedBefore = info.SkippedImages;
        session._secondsBefore = info.TrainingSeconds;
        session._latestCheckpoint = (Path.GetFullPath(checkpoint), info.Iteration);
        using (Tensor state = tensor(Convert.FromBase64String(info.TorchRngState)))
        {
            random.set_rng_state(state);
        }

        session._log($"resumed {checkpoint} at iteration {info.Iteration} of {options.TotalIterations} (phase {options.PhaseOf(info.Iteration)})");
        return session;
    }

    /// <summary>
    /// The paper's fine-tuning: start from a trained completion network, train the discriminators from scratch
    /// (T_D iterations), then both. Iterations start at <see cref="GlcicTrainingOptions.CompletionIterations"/>.
    /// </summary>
    public static GlcicTrainingSession FineTune(string completionCheckpoint, GlcicTrainingOptions options, TrainingImages images, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return FromCompletionNetwork(completionCheckpoint, options, images, options.CompletionIterations, "Fine-tuning", log);
    }

    /// <summary>
    /// A new schedule from iteration 0 (T_C, then T_D, then both) whose completion network starts from
    /// <paramref name="completionCheckpoint"/>'s: continues the completion-only phase on other data, holes or sizes,
    /// which <see cref="Resume"/> cannot (its schedule is the checkpoint's). Discriminators and optimizers start fresh.
    /// </summary>
    public static GlcicTrainingSession WarmStart(string completionCheckpoint, GlcicTrainingOptions options, TrainingImages images, Action<string>? log = null) =>
        FromCompletionNetwork(completionCheckpoint, options, images, 0, "Warm-starting", log);

    private static GlcicTrainingSession FromCompletionNetwork(string completionCheckpoint, GlcicTrainingOptions options, TrainingImages images, long startAt, string purpose, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(images);
        CheckpointInfo info = TrainingCheckpoint.ReadInfo(completionCheckpoint);
        options.RequireSameCompletionNetwork(info.Options, purpose);
        var session = new GlcicTrainingSession(options, images, log);
        TrainingCheckpoint.LoadCompletion(completionCheckpoint, session._completion);
        session.Mean = options.Mean ?? info.Mean;
        session.Iteration = startAt;
        session._log($"{purpose.ToLowerInvariant()} from the completion network of {completionCheckpoint} (iteration {info.Iteration}): discriminators from scratch, starting at iteration {startAt}");
        return session;
    }

    /// <summary>
    /// Trains until <see cref="GlcicTrainingOptions.TotalIterations"/> (or <paramref name="stopAt"/>), writing a
    /// checkpoint every <see cref="GlcicTrainingOptions.CheckpointEvery"/> iterations and at the end (also when
    /// cancelled), and one log line per iteration.
    /// </summary>
    /// <param name="checkpointPath">Where checkpoints go (overwritten atomically), or null for none.</param>
    /// <param name="logPath">A .csv or .jsonl training log to append to (lines past the current iteration, left by a killed run, are dropped first), or null for none.</param>
    /// <param name="progress">Called after each iteration, on the training thread.</param>
    /// <param name="stopAt">Stop after this iteration (for runs in chunks); null runs to the end.</param>
    /// <param name="cancellationToken">Stops after the current iteration; a checkpoint is written, then the token's exception is thrown.</param>
    /// <exception cref="TrainingDivergedException">A loss became NaN or infinite (the last checkpoint is left as it was).</exception>
    public TrainingSummary Run(string? checkpointPath = null, string? logPath = null, IProgress<TrainingProgress>? progress = null, long? stopAt = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        long end = Math.Min(stopAt ?? Options.TotalIterations, Options.TotalIterations);
        using TrainingLog? log = logPath is null ? null : new TrainingLog(logPath, continueAfter: Iteration);
        using var producer = new BatchProducer(_images, Options, Mean, _position, _nextSample, (name, reason) => _log($"skipped {name}: {reason}"), cancellationToken);
        var clock = Stopwatch.StartNew();
        long startIteration = Iteration, images = 0;
        double waitSeconds = 0, copySeconds = 0;
        TrainingProgress? last = null;
        string? written = null;
        long savedAt = -1;
        try
        {
            while (Iteration < end)
            {
                long before = Stopwatch.GetTimestamp();
                TrainingBatch batch = producer.Take(cancellationToken);
                double wait = Stopwatch.GetElapsedTime(before).TotalSeconds;
                StepResult step = Step(batch);
                double total = Stopwatch.GetElapsedTime(before).TotalSeconds;
                waitSeconds += wait;
                copySeconds += step.CopySeconds;
                images += batch.Size;
                Iteration++;
                _position = batch.NextPosition;
                _nextSample = batch.NextSample;
                last = new TrainingProgress(Iteration, Options.TotalIterations, step.Phase, step.CompletionMse, step.AdversarialLoss, step.DiscriminatorLoss,
                    step.DiscriminatorAccuracy, batch.Size / total, wait / total, clock.Elapsed, _skippedBefore + producer.Skipped,
                    TimeSpan.FromSeconds(_secondsBefore) + clock.Elapsed);
                log?.Write(last.Value);
                if (checkpointPath is not null && Options.CheckpointEvery > 0 && Iteration % Options.CheckpointEvery == 0)
                {
                    written = SaveCheckpoint(checkpointPath, producer.Skipped, clock.Elapsed.TotalSeconds);
                    savedAt = Iteration;
                }

                // Reported after the checkpoint, so a listener never sees an iteration whose due checkpoint is missing.
                progress?.Report(last.Value);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && checkpointPath is not null && Iteration > startIteration)
        {
            SaveCheckpoint(checkpointPath, producer.Skipped, clock.Elapsed.TotalSeconds);
            throw;
        }

        if (checkpointPath is not null && savedAt != Iteration)
        {
            written = SaveCheckpoint(checkpointPath, producer.Skipped, clock.Elapsed.TotalSeconds);
        }

        _skippedBefore += producer.Skipped;
        _secondsBefore += clock.Elapsed.TotalSeconds;
        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        return new TrainingSummary(Iteration, Iteration - startIteration, last, images / seconds, waitSeconds / seconds, copySeconds / seconds, _skippedBefore, clock.Elapsed, written);
    }

    /// <summary>
    /// Scores the completion network on <paramref name="validation"/> after every checkpoint <see cref="Run"/> writes,
    /// appends the scores to <paramref name="logPath"/> (CSV; a resumed run keeps the lines up to its iteration), logs
    /// them, and copies a checkpoint whose hole L1 is the lowest so far to <c>best.ckpt</c> beside it.
    /// </summary>
    public void ValidateWith(TrainingValidation validation, string? logPath = null)
    {
        ArgumentNullException.ThrowIfNull(validation);
        _validation = (validation, logPath);
        _bestValidationL1 = logPath is null ? double.PositiveInfinity : ValidationLog.Open(logPath, Iteration);
        (ValidationScores fastMarching, ValidationScores meanFill) = validation.References(Mean);
        _log($"validation: {validation.Description}; fast marching {fastMarching}, mean fill {meanFill}" +
            (double.IsFinite(_bestValidationL1) ? $"; best so far L1 {_bestValidationL1:F4}" : string.Empty));
    }

    /// <summary>Writes a checkpoint of the current state (atomically).</summary>
    public string SaveCheckpoint(string path) => SaveCheckpoint(path, 0, 0);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _completionOptimizer.Dispose();
        _discriminatorOptimizer.Dispose();
        _completion.Dispose();
        _discriminator.Dispose();
    }

    private static OptimizerHelper NewOptimizer(nn.Module network, GlcicTrainingOptions options) => options.Optimizer switch
    {
        TrainingOptimizer.Adam => new KeptAlive.Adam(network.parameters(), options.EffectiveLearningRate, options.AdamBeta1, options.AdamBeta2, 1e-8),
        _ => new KeptAlive.Adadelta(network.parameters(), options.EffectiveLearningRate, options.Rho, options.Epsilon),
    };

    /// <summary>One iteration of Algorithm 1 on <paramref name="batch"/>.</summary>
    internal StepResult Step(TrainingBatch batch)
    {
        using DisposeScope scope = NewDisposeScope();

        // Scalars are created here and passed explicitly (no implicit double → Scalar conversions, no operators that
        // add a hidden alpha of 1): a temporary could be finalized mid-call by another thread's GC (see KeptAlive).
        using Scalar zero = 0.ToScalar(), one = 1.ToScalar(), two = 2.ToScalar(), alpha = Options.Alpha.ToScalar();
        long copyStart = Stopwatch.GetTimestamp();
        int n = batch.Size, size = Options.CropSize;
        Tensor input = tensor(batch.Input, [n, 4, size, size]).to(_device);
        Tensor target = tensor(batch.Target, [n, 3, size, size]).to(_device);
        Tensor mask = tensor(batch.Mask, [n, 1, size, size]).to(_device);
        double copySeconds = Stopwatch.GetElapsedTime(copyStart).TotalSeconds;

        TrainingPhase phase = Options.PhaseOf(Iteration);
        if (Options.Schedule != LearningRateSchedule.Constant)
        {
            double learningRate = Options.LearningRateAt(Iteration);
            KeptAlive.SetLearningRate(_completionOptimizer, learningRate);
            KeptAlive.SetLearningRate(_discriminatorOptimizer, learningRate);
        }

        _completion.train();
        _discriminator.train();
        if (phase == TrainingPhase.Completion)
        {
            var losses = new Dictionary<string, double>();
            _completionOptimizer.zero_grad();
            Tensor mse = ReconstructionLossOf(_completion.call(input), target, mask);
            double mseValue = Finite(mse, "completion MSE", phase, losses);
            mse.backward();
            FiniteGradients(_completion, "completion network", phase, losses);
            _completionOptimizer.step();
            return new StepResult(phase, mseValue, null, null, null, copySeconds);
        }

        Tensor output;
        if (phase == TrainingPhase.Discriminator)
        {
            using (no_grad())
            {
                output = _completion.call(input);
            }
        }
        else
        {
            output = _completion.call(input);
        }

        Tensor completed = target.mul(mask.negative().add(one, one)).add(output.mul(mask), one); // target ⊙ (1 − M) + output ⊙ M
        var stepLosses = new Dictionary<string, double>();

        // Discriminator step: completions are detached, so D's loss never reaches C.
        _discriminatorOptimizer.zero_grad();
        Tensor fixedCompletion = completed.detach();
        Tensor fakeLogits = Discriminate(fixedCompletion, batch.CompletedPatches);
        Tensor realLogits = Discriminate(target, batch.RealPatches);
        Tensor discriminatorLoss = nn.functional.binary_cross_entropy_with_logits(fakeLogits, zeros_like(fakeLogits))
            .add(nn.functional.binary_cross_entropy_with_logits(realLogits, ones_like(realLogits)), one).div(two);
        double discriminatorValue = Finite(discriminatorLoss, "discriminator loss", phase, stepLosses);
        double accuracy = (realLogits.gt(zero).sum().item<long>() + fakeLogits.lt(zero).sum().item<long>()) / (2.0 * n);
        discriminatorLoss.backward();
        FiniteGradients(_discriminator, "discriminators", phase, stepLosses);
        _discriminatorOptimizer.step();
        AfterDiscriminatorStep?.Invoke(_discriminator);
        if (phase == TrainingPhase.Discriminator)
        {
            return new StepResult(phase, null, null, discriminatorValue, accuracy, copySeconds);
        }

        // Completion step: D is frozen, so C's adversarial gradient flows through D without accumulating in it.
        _completionOptimizer.zero_grad();
        SetRequiresGrad(_discriminator, false);
        try
        {
            Tensor logits = Discriminate(completed, batch.CompletedPatches);
            Tensor adversarial = nn.functional.binary_cross_entropy_with_logits(logits, ones_like(logits));
            Tensor mse = ReconstructionLossOf(output, target, mask);
            double mseValue = Finite(mse, "completion MSE", phase, stepLosses);
            double adversarialValue = Finite(adversarial, "adversarial loss", phase, stepLosses);
            mse.add(adversarial.mul(alpha), one).backward();
            FiniteGradients(_completion, "completion network", phase, stepLosses);
            _completionOptimizer.step();
            return new StepResult(phase, mseValue, adversarialValue, discriminatorValue, accuracy, copySeconds);
        }
        finally
        {
            SetRequiresGrad(_discriminator, true);
        }
    }

    /// <summary>
    /// The reconstruction loss <see cref="GlcicTrainingOptions.Reconstruction"/> names: the paper's Eq. 2 as a mean
    /// over all elements, ‖M ⊙ (C(x, M) − x)‖² / (N·3·H·W), or the L1 or squared error averaged over hole pixels.
    /// </summary>
    private Tensor ReconstructionLossOf(Tensor output, Tensor target, Tensor mask)
    {
        if (Options.Reconstruction == ReconstructionLoss.CropMse)
        {
            return nn.functional.mse_loss(output.mul(mask), target.mul(mask));
        }

        using Scalar one = 1.ToScalar();
        Tensor difference = output.sub(target).mul(mask);
        Tensor error = Options.Reconstruction == ReconstructionLoss.HoleL1 ? difference.abs() : difference.square();
        Tensor holeElements = mask.sum().mul(3).clamp_min(one); // 3 channels per hole pixel; never 0
        return error.sum().div(holeElements);
    }

    /// <summary>The discriminators' logits for whole crops and, when there is a local discriminator, each sample's patch.</summary>
    private Tensor Discriminate(Tensor images, (int X, int Y)[] origins) =>
        _discriminator.call(images, _discriminator.Local is null ? images : Patches(images, origins));

    /// <summary>The local discriminator's input: each sample's own patch.</summary>
    private Tensor Patches(Tensor images, (int X, int Y)[] origins)
    {
        int patch = Options.LocalPatchSize;
        return cat([.. origins.Select((o, b) => images.narrow(0, b, 1).narrow(2, o.Y, patch).narrow(3, o.X, patch))], 0);
    }

    private static void SetRequiresGrad(nn.Module module, bool value)
    {
        foreach (Parameter parameter in module.parameters())
        {
            parameter.requires_grad = value;
        }
    }

    /// <summary>The loss's value, recorded in <paramref name="losses"/>; throws when it is not finite.</summary>
    private double Finite(Tensor loss, string name, TrainingPhase phase, Dictionary<string, double> losses)
    {
        double value = loss.item<float>();
        if (!double.IsFinite(value))
        {
            throw Diverged(name, value, phase, losses);
        }

        losses[name] = value;
        return value;
    }

    /// <summary>A finite loss can still give infinite gradients; stepping on them would poison the weights (and the next checkpoint).</summary>
    private void FiniteGradients(nn.Module module, string name, TrainingPhase phase, Dictionary<string, double> losses)
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor[] norms = [.. module.parameters().Where(p => p.grad is not null).Select(p => p.grad!.norm())];
        double total = norms.Length == 0 ? 0 : stack(norms).sum().item<float>();
        if (!double.IsFinite(total))
        {
            throw Diverged($"{name}'s gradient norm", total, phase, losses);
        }
    }

    private TrainingDivergedException Diverged(string quantity, double value, TrainingPhase phase, Dictionary<string, double> losses)
    {
        // Only advice the user can act on: the options that exist, with their current values.
        string advice = phase == TrainingPhase.Joint
            ? $"Lower the learning rate (LearningRate, glcic-train train --learning-rate; now {Options.EffectiveLearningRate:G4}) or the adversarial weight (Alpha, --alpha; now {Options.Alpha:G4})"
            : $"Lower the learning rate (LearningRate, glcic-train train --learning-rate; now {Options.EffectiveLearningRate:G4})";
        advice += _latestCheckpoint is null
            ? " and start again."
            : " and start again, or keep the checkpoint's completion network with a new schedule (WarmStart, glcic-train train --warm-start <checkpoint>); --resume would repeat the same options.";
        return new TrainingDivergedException(quantity, value, Iteration + 1, phase, new Dictionary<string, double>(losses), _latestCheckpoint?.Path, _latestCheckpoint?.Iteration, advice);
    }

    private string SaveCheckpoint(string path, long skippedThisRun, double secondsThisRun)
    {
        using Tensor state = random.get_rng_state();
        var info = new CheckpointInfo(
            TrainingCheckpoint.FormatVersion,
            Options,
            Iteration,
            Mean,
            _position,
            _nextSample,
            _skippedBefore + skippedThisRun,
            _secondsBefore + secondsThisRun,
            Convert.ToBase64String(state.bytes.ToArray()),
            _images.Description,
            DateTime.UtcNow);
        TrainingCheckpoint.Write(path, info, _completion, _discriminator, _completionOptimizer, _discriminatorOptimizer);
        _latestCheckpoint = (Path.GetFullPath(path), Iteration);
        _log($"checkpoint at iteration {Iteration}: {path}");
        Validate(path);
        return path;
    }

    private void Validate(string checkpointPath)
    {
        if (_validation is not { } validation)
        {
            return;
        }

        ValidationScores model;
        using (NativeHeap.ReturnFreedMemory()) // whole photos need far more memory than a training step: not kept
        {
            model = validation.Set.Score(_completion, Mean, Options.Prefill, _device);
        }

        (ValidationScores fastMarching, ValidationScores meanFill) = validation.Set.References(Mean);
        bool best = model.HoleL1 < _bestValidationL1;
        if (best)
        {
            _bestValidationL1 = model.HoleL1;
            string bestPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!, "best.ckpt");
            GlcicML.Imaging.AtomicFile.Write(bestPath, stream =>
            {
                using FileStream source = File.OpenRead(checkpointPath);
                source.CopyTo(stream);
            });
        }

        LastValidation = new ValidationResult(Iteration, model, fastMarching, meanFill, best);
        if (validation.LogPath is { } logPath)
        {
            ValidationLog.Append(logPath, LastValidation);
        }

        _log($"validation at iteration {Iteration}: model {model}; fast marching {fastMarching}; mean fill {meanFill}{(best ? " (best so far: best.ckpt)" : string.Empty)}");
    }

    /// <summary>The mean over the first <see cref="GlcicTrainingOptions.MeanSampleSize"/> images (at most one epoch).</summary>
    private MeanColor EstimateMean()
    {
        var accumulator = new MeanColorAccumulator();
        foreach (SourceImage image in UsableImages.Read(_images, Options, default, (_, _) => { }, CancellationToken.None))
        {
            if (image.Next.Epoch > 0)
            {
                break; // every image of the first epoch has been seen
            }

            accumulator.Add(image.Image);
            if (accumulator.ImageCount >= Options.MeanSampleSize)
            {
                break;
            }
        }

        _log($"estimated the dataset mean from {accumulator.ImageCount} images");
        return accumulator.Mean;
    }

    /// <summary>What one iteration computed.</summary>
    internal readonly record struct StepResult(TrainingPhase Phase, double? CompletionMse, double? AdversarialLoss, double? DiscriminatorLoss, double? DiscriminatorAccuracy, double CopySeconds);
}
