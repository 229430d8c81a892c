using System.Diagnostics;
using System.Collections.Concurrent;

namespace GlcicML.Batch;

/// <summary>
/// Inpaints a whole folder of images with bounded memory, as a pipeline of overlapping stages: listing (a folder at a
/// time) → decoding and mask reading (<see cref="BatchInpaintingOptions.DecodeThreads"/> threads) → batching by size and inference (one thread;
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
        IEnumerable<ImageFolder> folders = Folders(options.Input, options.Output, out string root);
        if (onPlanned is not null)
        {
            // A counting pass over the listing only (no decoding), for progress bars; it holds no more than one folder.
            onPlanned(Folders(options.Input, options.Output, out _).Sum(f => f.Files.Count(options.Shard.Contains)));
        }

        bool cancelled = false;
        try
        {
            new Workers(inpainter, options, run, root, folders).Run(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }

        return run.Report(clock.Elapsed.TotalSeconds, cancelled);
    }

    /// <summary>
    /// The input's image files, a folder at a time; a single file is a folder of one, relative to its own folder. An
    /// output folder inside the input folder is left out of the listing (a rerun must not take earlier outputs for
    /// inputs); an output folder that is the input's folder is refused, since outputs would replace the inputs.
    /// </summary>
    /// <exception cref="ArgumentException">The output folder is the input's folder.</exception>
    private static IEnumerable<ImageFolder> Folders(string input, string output, out string root)
    {
        string outputRoot = OutputPaths.RealPath(Path.GetFullPath(output));
        if (File.Exists(input))
        {
            string full = Path.GetFullPath(input);
            root = Path.GetDirectoryName(full)!;
            RefuseSameFolder(input, output, root, outputRoot);
            return [new ImageFolder(string.Empty, [Path.GetFileName(full)])];
        }

        if (!Directory.Exists(input))
        {
            throw new FileNotFoundException($"Input '{input}' is neither a file nor a folder.", input);
        }

        root = Path.GetFullPath(input);
        RefuseSameFolder(input, output, root, outputRoot);
        string inputRoot = OutputPaths.RealPath(root);
        if (!OutputPaths.IsInside(outputRoot, inputRoot))
        {
            return ImageFiles.EnumerateByFolder(root);
        }

        string excluded = Path.GetRelativePath(inputRoot, outputRoot).Replace(Path.DirectorySeparatorChar, '/') + "/";
        return ImageFiles.EnumerateByFolder(root)
            .Select(f => f with { Files = [.. f.Files.Where(file => !file.StartsWith(excluded, StringComparison.Ordinal))] })
            .Where(f => f.Files.Count > 0);
    }

    private static void RefuseSameFolder(string input, string output, string inputFolder, string outputRoot)
    {
        if (string.Equals(OutputPaths.RealPath(inputFolder), outputRoot, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The output folder '{output}' is the folder of the input '{input}' ({outputRoot}): the outputs would replace the input images. Choose an output folder outside the input folder.");
        }
    }

    /// <summary>
    /// Files of one folder whose output name an earlier file of that folder (in ordinal order) already takes, such
    /// as <c>a.jpg</c> after <c>a.JPG</c> or <c>a.png</c>, mapped to that earlier file. Every shard sees the whole
    /// folder, so all agree on which file wins.
    /// </summary>
    private static Dictionary<string, string> Collisions(IReadOnlyList<string> files)
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var collisions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            if (!owners.TryAdd(Path.ChangeExtension(file, ".png"), file))
            {
                collisions[file] = owners[Path.ChangeExtension(file, ".png")];
            }
        }

        return collisions;
    }

    private sealed record Prepared(ImageInput Input, string Output, RgbImage Image, InpaintingMask Mask);

    private sealed record Completed(Prepared Item, RgbImage Result);

    /// <summary>
    /// The three stages on dedicated threads and the bounded queues between them. Dedicated threads (not the thread
    /// pool, which would add threads over a long run, each with its own native allocation arena) keep memory flat.
    /// </summary>
    private sealed class Workers(GlcicInpainter inpainter, BatchInpaintingOptions options, RunState run, string root, IEnumerable<ImageFolder> folders)
    {
        private readonly int _batchSize = inpainter.Options.BatchSize;

        // Outputs can land among the inputs only when the output folder holds the input folder (-i out/in -o out: the
        // input in/a.png is written to out/in/a.png). An output folder inside the input is left out of the listing.
        private readonly bool _outputsMayReachInputs = !OutputPaths.IsInside(Path.GetFullPath(options.Output), root);
        private readonly Lock _gate = new();
        private Exception? _failure;
        private int _decoders;

        public void Run(CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var todo = new BlockingCollection<(ImageInput Input, string Output)>(4 * _batchSize);
            using var prepared = new BlockingCollection<Prepared>(2 * _batchSize);
            using var completed = new BlockingCollection<Completed>(2 * _batchSize);
            _decoders = options.DecodeThreads;
            List<Thread> threads =
            [
                Start("glcic list", stop, () => Plan(todo, stop.Token), todo.CompleteAdding),
                .. Enumerable.Range(0, options.DecodeThreads).Select(i => Start($"glcic decode {i + 1}", stop, () => Decode(todo, prepared, stop.Token), () =>
                {
                    if (Interlocked.Decrement(ref _decoders) == 0)
                    {
                        prepared.CompleteAdding();
                    }
                })),
                Start("glcic inference", stop, () => Infer(prepared, completed, stop.Token), completed.CompleteAdding),
                .. Enumerable.Range(0, options.WriteThreads).Select(i => Start($"glcic write {i + 1}", stop, () => Write(completed, stop.Token), null)),
            ];
            foreach (Thread thread in threads)
            {
                thread.Join();
            }

            if (_failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }

        /// <summary>Starts a stage thread; a failure is kept (the first one wins) and stops the other stages; <paramref name="done"/> always runs.</summary>
        private Thread Start(string name, CancellationTokenSource stop, Action body, Action? done)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    body();
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                catch (Exception e)
                {
                    lock (_gate)
                    {
                        _failure ??= e;
                    }

                    stop.Cancel();
                }
                finally
                {
                    done?.Invoke();
                }
            })
            {
                IsBackground = true,
                Name = name,
            };
            thread.Start();
            return thread;
        }

        /// <summary>
        /// Lists the input a folder at a time: resolves this shard's outputs, counts the complete ones, clears killed
        /// runs' leftovers (before any of the folder's outputs is written) and queues the rest.
        /// </summary>
        private void Plan(BlockingCollection<(ImageInput Input, string Output)> todo, CancellationToken cancellationToken)
        {
            foreach (ImageFolder folder in folders)
            {
                Dictionary<string, string> collisions = Collisions(folder.Files);
                var queued = new List<(ImageInput Input, string Output)>();
                var outputs = new List<string>();
                foreach (string relative in folder.Files.Where(options.Shard.Contains))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var input = new ImageInput(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)), relative);
                    run.Listed();
                    if (collisions.TryGetValue(relative, out string? first))
                    {
                        run.Fail(input, null, "output", "OutputCollision",
                            $"'{first}' already names the output '{Path.ChangeExtension(relative, ".png")}' (outputs are PNG, and names are compared ignoring case so results do not depend on the file system); rename one of them.");
                        continue;
                    }

                    string output;
                    try
                    {
                        output = OutputPaths.Resolve(options.Output, relative);
                    }
                    catch (UnsafeOutputPathException e)
                    {
                        run.Fail(input, null, "output", "UnsafePath", e.Message);
                        continue;
                    }

                    if (_outputsMayReachInputs && OutputPaths.IsInside(output, root))
                    {
                        run.Fail(input, null, "output", "WouldOverwriteInput",
                            $"its output '{output}' would be written inside the input folder '{root}', where it could replace an input; choose an output folder that does not contain the input folder.");
                        continue;
                    }

                    outputs.Add(output);
                    if (!options.Redo && OutputFiles.IsCompletePng(output))
                    {
                        run.Finish(new BatchItemResult(input, BatchItemStatus.AlreadyComplete, output));
                    }
                    else
                    {
                        queued.Add((input, output));
                    }
                }

                OutputFiles.RemoveLeftovers(outputs);
                foreach ((ImageInput Input, string Output) item in queued)
                {
                    todo.Add(item, cancellationToken);
                }
            }
        }

        private void Decode(BlockingCollection<(ImageInput Input, string Output)> todo, BlockingCollection<Prepared> prepared, CancellationToken cancellationToken)
        {
            foreach ((ImageInput input, string output) in todo.GetConsumingEnumerable(cancellationToken))
            {
                if (TryPrepare(input, output) is { } item)
                {
                    prepared.Add(item, cancellationToken);
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
        private void Infer(BlockingCollection<Prepared> prepared, BlockingCollection<Completed> completed, CancellationToken cancellationToken)
        {
            var groups = new Dictionary<(int, int), List<Prepared>>();
            int waiting = 0;
            foreach (Prepared item in prepared.GetConsumingEnumerable(cancellationToken))
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
                    waiting -= RunGroup(groups, size, completed, cancellationToken);
                }
                else if (waiting > 4 * _batchSize)
                {
                    waiting -= RunGroup(groups, groups.MaxBy(g => g.Value.Count).Key, completed, cancellationToken);
                }
            }

            foreach ((int, int) size in groups.Keys.ToList())
            {
                RunGroup(groups, size, completed, cancellationToken);
            }
        }

        private int RunGroup(Dictionary<(int, int), List<Prepared>> groups, (int, int) size, BlockingCollection<Completed> completed, CancellationToken cancellationToken)
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
                completed.Add(new Completed(group[i], results[i]), cancellationToken);
            }

            return group.Count;
        }

        private void Write(BlockingCollection<Completed> completed, CancellationToken cancellationToken)
        {
            foreach ((Prepared item, RgbImage result) in completed.GetConsumingEnumerable(cancellationToken))
            {
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

        private int _inputs;

        /// <summary>Counts an input of this shard as listed.</summary>
        public void Listed() => Interlocked.Increment(ref _inputs);

        public void Fail(ImageInput input, string? output, string stage, string reason, string message) =>
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

        public BatchReport Report(double seconds, bool cancelled)
        {
            lock (_gate)
            {
                return new BatchReport
                {
                    Input = Path.GetFullPath(options.Input),
                    Output = Path.GetFullPath(options.Output),
                    Shards = [options.Shard.ToString()],
                    Inputs = _inputs,
                    Written = _written,
                    AlreadyComplete = _complete,
                    Failures = [.. _failures.OrderBy(f => f.Input, StringComparer.Ordinal)],
                    Warnings = [.. _warnings.Order(StringComparer.Ordinal)],
                    NotProcessed = _inputs - _written - _complete - _failures.Count,
                    Cancelled = cancelled,
                    Seconds = seconds,
                };
            }
        }
    }
}
