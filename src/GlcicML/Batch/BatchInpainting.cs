using System.Diagnostics;
using System.Threading.Channels;
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.PostProcessing;

namespace GlcicML.Batch;

/// <summary>
/// Inpaints a whole folder of images with bounded memory, as a pipeline of overlapping stages: decoding and mask
/// reading (<see cref="BatchInpaintingOptions.DecodeThreads"/> threads) → batching by size and inference (one thread;
/// ONNX Runtime uses the cores) → post-processing, encoding and writing (<see cref="BatchInpaintingOptions.WriteThreads"/>
/// threads), connected by bounded queues.
/// </summary>
/// <remarks>
/// <para>Exactly once: each output is written atomically (temporary file, then rename), so a run killed at any moment
/// leaves only complete outputs; a rerun keeps those (unless <see cref="BatchInpaintingOptions.Redo"/>), removes the
/// killed run's temporary files, and writes the rest. Outputs do not depend on batching, so they are the same bytes
/// as an uninterrupted run's.</para>
/// <para>Bad inputs are skipped and reported (<see cref="BatchReport.Failures"/>); the run goes on. Outputs are
/// confined to the output folder (<see cref="OutputPaths"/>).</para>
/// </remarks>
public static class BatchInpainting
{
    /// <summary>Runs the batch; returns its report (also when cancelled: then <see cref="BatchReport.Cancelled"/> is set).</summary>
    /// <param name="inpainter">The model; its <see cref="InpainterOptions.BatchSize"/> sets how many images of one size run together.</param>
    /// <param name="options">What to read and write.</param>
    /// <param name="onItem">Called once per input as it finishes (from several threads, one call at a time).</param>
    /// <param name="onPlanned">Called once, before any input is processed, with the number of inputs in this shard.</param>
    /// <param name="cancellationToken">Stops the run; outputs finished so far stay, nothing partial is left.</param>
    /// <exception cref="FileNotFoundException">The input is neither a file nor a folder.</exception>
    public static BatchReport Run(GlcicInpainter inpainter, BatchInpaintingOptions options, Action<BatchItemResult>? onItem = null, Action<int>? onPlanned = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inpainter);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var run = new RunState(options, onItem);
        IReadOnlyList<ImageInput> all = ImageInput.Find(options.Input);
        Dictionary<string, string> collisions = Collisions(all);
        List<ImageInput> inputs = [.. all.Where(i => options.Shard.Contains(i.RelativePath))];
        onPlanned?.Invoke(inputs.Count);
        List<(ImageInput Input, string Output)> todo = Plan(inputs, collisions, options, run);
        var workers = new Workers(inpainter, options, run, todo);
        bool cancelled = false;
        try
        {
            workers.Run(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }

        return run.Report(options, clock.Elapsed.TotalSeconds, cancelled);
    }

    /// <summary>Resolves the shard's outputs, counts the complete ones and clears killed runs' leftovers; returns the rest.</summary>
    private static List<(ImageInput Input, string Output)> Plan(List<ImageInput> inputs, Dictionary<string, string> collisions, BatchInpaintingOptions options, RunState run)
    {
        var todo = new List<(ImageInput, string)>();
        var outputs = new List<string>();
        foreach (ImageInput input in inputs)
        {
            run.Inputs++;
            if (collisions.TryGetValue(input.RelativePath, out string? first))
            {
                run.Finish(new BatchItemResult(input, BatchItemStatus.Failed, null, new BatchFailure(input.RelativePath, "output", "OutputCollision",
                    $"'{first}' already names the output '{Path.ChangeExtension(input.RelativePath, ".png")}' (outputs are PNG, and names are compared ignoring case so results do not depend on the file system); rename one of them.")));
                continue;
            }

            string output;
            try
            {
                output = OutputPaths.Resolve(options.Output, input.RelativePath);
            }
            catch (UnsafeOutputPathException e)
            {
                run.Finish(new BatchItemResult(input, BatchItemStatus.Failed, null, new BatchFailure(input.RelativePath, "output", "UnsafePath", e.Message)));
                continue;
            }

            outputs.Add(output);
            if (!options.Redo && OutputFiles.IsCompletePng(output))
            {
                run.Finish(new BatchItemResult(input, BatchItemStatus.AlreadyComplete, output));
            }
            else
            {
                todo.Add((input, output));
            }
        }

        OutputFiles.RemoveLeftovers(outputs);
        return todo;
    }

    /// <summary>
    /// Inputs whose output name an earlier input (in ordinal order) already takes, such as <c>a.jpg</c> after
    /// <c>a.JPG</c> or <c>a.png</c>, mapped to that earlier input. Found over all inputs, not one shard's, so every
    /// shard agrees on which input wins.
    /// </summary>
    private static Dictionary<string, string> Collisions(IReadOnlyList<ImageInput> inputs)
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var collisions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (ImageInput input in inputs)
        {
            string output = Path.ChangeExtension(input.RelativePath, ".png");
            if (!owners.TryAdd(output, input.RelativePath))
            {
                collisions[input.RelativePath] = owners[output];
            }
        }

        return collisions;
    }

    private sealed record Prepared(ImageInput Input, string Output, RgbImage Image, InpaintingMask Mask);

    private sealed record Completed(Prepared Item, RgbImage Result);

    /// <summary>The three stages and the queues between them.</summary>
    private sealed class Workers(GlcicInpainter inpainter, BatchInpaintingOptions options, RunState run, List<(ImageInput Input, string Output)> todo)
    {
        private readonly int _batchSize = inpainter.Options.BatchSize;
        private readonly Channel<Prepared> _prepared = Channel.CreateBounded<Prepared>(new BoundedChannelOptions(2 * inpainter.Options.BatchSize) { SingleReader = true });
        private readonly Channel<Completed> _completed = Channel.CreateBounded<Completed>(new BoundedChannelOptions(2 * inpainter.Options.BatchSize) { SingleWriter = true });
        private int _next = -1;

        public void Run(CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task all = Task.WhenAll(
                Stage(options.DecodeThreads, () => Decode(stop.Token), _prepared.Writer, stop),
                Stage(1, () => Infer(stop.Token), _completed.Writer, stop),
                Stage<object>(options.WriteThreads, () => Write(stop.Token), null, stop));
            try
            {
                all.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // Examined below: a real failure wins over the cancellations it caused in the other stages.
            }

            Exception? failure = all.Exception?.Flatten().InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException);
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        /// <summary>Runs a stage on <paramref name="threads"/> threads; completes its output queue when all are done, and stops the others if one fails.</summary>
        private static Task Stage<T>(int threads, Func<Task> body, ChannelWriter<T>? output, CancellationTokenSource stop)
        {
            Task[] tasks = [.. Enumerable.Range(0, threads).Select(_ => Task.Run(body))];
            return Task.WhenAll(tasks).ContinueWith(
                done =>
                {
                    if (done.IsFaulted || done.IsCanceled)
                    {
                        stop.Cancel();
                    }

                    output?.TryComplete(done.Exception?.GetBaseException());
                    done.GetAwaiter().GetResult();
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        private async Task Decode(CancellationToken cancellationToken)
        {
            for (int i = Interlocked.Increment(ref _next); i < todo.Count; i = Interlocked.Increment(ref _next))
            {
                cancellationToken.ThrowIfCancellationRequested();
                (ImageInput input, string output) = todo[i];
                if (TryPrepare(input, output) is { } prepared)
                {
                    await _prepared.Writer.WriteAsync(prepared, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private Prepared? TryPrepare(ImageInput input, string output)
        {
            string stage = "image";
            try
            {
                RgbImage image = RgbImage.Load(input.FullPath, options.ReadOptions);
                stage = "mask";
                InpaintingMask mask = options.Masks.MaskFor(input, image);
                stage = "inference";
                inpainter.Validate(image, mask, $"'{input.RelativePath}'");
                return new Prepared(input, output, image, mask);
            }
            catch (ImageLoadException e)
            {
                run.Fail(input, output, stage, e.Reason.ToString(), e.Message);
            }
            catch (MaskUnavailableException e)
            {
                run.Fail(input, output, stage, e.Problem.ToString(), e.Message);
            }
            catch (ArgumentException e)
            {
                run.Fail(input, output, stage, "UnsupportedSize", e.Message);
            }

            return null;
        }

        /// <summary>
        /// Groups prepared images by size and runs a group when it reaches the batch size. Memory stays bounded with many
        /// sizes: past four batches' worth of waiting images, the largest group runs as it is.
        /// </summary>
        private async Task Infer(CancellationToken cancellationToken)
        {
            var groups = new Dictionary<(int, int), List<Prepared>>();
            int waiting = 0;
            await foreach (Prepared item in _prepared.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                (int, int) size = (item.Image.Width, item.Image.Height);
                if (!groups.TryGetValue(size, out List<Prepared>? group))
                {
                    groups[size] = group = [];
                }

                group.Add(item);
                waiting++;
                if (group.Count == _batchSize)
                {
                    waiting -= await RunGroup(groups, size, cancellationToken).ConfigureAwait(false);
                }
                else if (waiting > 4 * _batchSize)
                {
                    waiting -= await RunGroup(groups, groups.MaxBy(g => g.Value.Count).Key, cancellationToken).ConfigureAwait(false);
                }
            }

            foreach ((int, int) size in groups.Keys.ToList())
            {
                await RunGroup(groups, size, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<int> RunGroup(Dictionary<(int, int), List<Prepared>> groups, (int, int) size, CancellationToken cancellationToken)
        {
            List<Prepared> group = groups[size];
            groups.Remove(size);
            IReadOnlyList<RgbImage> results;
            try
            {
                results = inpainter.Inpaint([.. group.Select(g => g.Image)], [.. group.Select(g => g.Mask)], cancellationToken);
            }
            catch (Exception e) when (e is Microsoft.ML.OnnxRuntime.OnnxRuntimeException or ArgumentException)
            {
                foreach (Prepared item in group)
                {
                    run.Fail(item.Input, item.Output, "inference", "Failed", e.Message);
                }

                return group.Count;
            }

            for (int i = 0; i < group.Count; i++)
            {
                await _completed.Writer.WriteAsync(new Completed(group[i], results[i]), cancellationToken).ConfigureAwait(false);
            }

            return group.Count;
        }

        private async Task Write(CancellationToken cancellationToken)
        {
            await foreach (Completed done in _completed.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                (Prepared item, RgbImage result) = done;
                string? warning = null;
                PostProcessingOptions? polish = options.PostProcessing;
                if (polish is not null && polish.Telea && item.Mask.IsFull)
                {
                    warning = "the mask covers the whole image, so post-processing (which needs known pixels) was skipped";
                    polish = null;
                }

                try
                {
                    RgbImage final = polish is null ? result : InpaintingPostProcessor.Apply(result, item.Mask, polish);
                    final.Save(item.Output);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    run.Fail(item.Input, item.Output, "output", "WriteFailed", $"cannot write '{item.Output}': {e.Message}");
                    continue;
                }

                run.Finish(new BatchItemResult(item.Input, BatchItemStatus.Written, item.Output, Warning: warning));
            }
        }
    }

    /// <summary>Counts and outcomes, updated from the stages' threads.</summary>
    private sealed class RunState(BatchInpaintingOptions options, Action<BatchItemResult>? onItem)
    {
        private readonly Lock _gate = new();
        private readonly List<BatchFailure> _failures = [];
        private readonly List<string> _warnings = [];
        private int _written;
        private int _complete;

        public int Inputs { get; set; }

        public void Fail(ImageInput input, string output, string stage, string reason, string message) =>
            Finish(new BatchItemResult(input, BatchItemStatus.Failed, output, new BatchFailure(input.RelativePath, stage, reason, message)));

        public void Finish(BatchItemResult result)
        {
            lock (_gate)
            {
                switch (result.Status)
                {
                    case BatchItemStatus.Written:
                        _written++;
                        break;
                    case BatchItemStatus.AlreadyComplete:
                        _complete++;
                        break;
                    default:
                        _failures.Add(result.Failure!);
                        break;
                }

                if (result.Warning is not null)
                {
                    _warnings.Add($"{result.Input.RelativePath}: {result.Warning}");
                }

                onItem?.Invoke(result);
            }
        }

        public BatchReport Report(BatchInpaintingOptions settings, double seconds, bool cancelled)
        {
            lock (_gate)
            {
                return new BatchReport
                {
                    Input = Path.GetFullPath(settings.Input),
                    Output = Path.GetFullPath(settings.Output),
                    Shards = [options.Shard.ToString()],
                    Inputs = Inputs,
                    Written = _written,
                    AlreadyComplete = _complete,
                    Failures = [.. _failures.OrderBy(f => f.Input, StringComparer.Ordinal)],
                    Warnings = [.. _warnings.Order(StringComparer.Ordinal)],
                    NotProcessed = Inputs - _written - _complete - _failures.Count,
                    Cancelled = cancelled,
                    Seconds = seconds,
                };
            }
        }
    }
}
