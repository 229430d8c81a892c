using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace GlcicML.Inference;

/// <summary>
/// Runs a GlcicML ONNX model with ONNX Runtime: fills each image's holes with the model's mean colour, pads it to a
/// multiple of 4, runs the completion network (images of equal size in batches), and keeps the network's output
/// only inside the holes; every pixel outside them is the input's own. Thread-safe; create once, dispose when done.
/// </summary>
public sealed class GlcicInpainter : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private bool _disposed;

    private GlcicInpainter(byte[] flattened, GlcicModelInfo info, string source, InpainterOptions options)
    {
        options.Validate();
        ModelInfo = info;
        Source = source;
        Options = options;
        Mean = options.Mean ?? info.Mean;
        FlattenedModel = flattened;
        (_session, ExecutionProvider) = OnnxSessions.Create(flattened, options.GpuDeviceId, options.FallbackToCpu, options.CpuThreads, options.Log ?? (message => GlcicLogging.Write("GlcicML.Inference", message)));
        try
        {
            CheckOutputSize();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The model's metadata.</summary>
    public GlcicModelInfo ModelInfo { get; }

    /// <summary>Where the model came from (its path), for messages.</summary>
    public string Source { get; }

    /// <summary>The options in force.</summary>
    public InpainterOptions Options { get; }

    /// <summary>The fill colour in use: <see cref="InpainterOptions.Mean"/> if given, else the model's.</summary>
    public MeanColor Mean { get; }

    /// <summary>Where the network runs, e.g. "CPU" or "CUDA device 0", and why (a fallback says so).</summary>
    public string ExecutionProvider { get; }

    /// <summary>The one-dimensional form of the model that both this runtime and ML.NET's OnnxTransformer run.</summary>
    internal byte[] FlattenedModel { get; }

    /// <summary>Loads a model file written by <c>glcic-train export</c>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">It is not a GlcicML ONNX model (the message says what was expected and found).</exception>
    /// <exception cref="InvalidOperationException">A GPU was requested without fallback and could not be used.</exception>
    public static GlcicInpainter Load(string modelPath, InpainterOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"Model '{modelPath}' does not exist.", modelPath);
        }

        return FromBytes(File.ReadAllBytes(modelPath), modelPath, options);
    }

    /// <summary>Loads a model held in memory.</summary>
    public static GlcicInpainter FromBytes(byte[] model, string source = "<memory>", InpainterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        (byte[] flattened, GlcicModelInfo info) = Inference.FlattenedModel.Create(model, source);
        return new GlcicInpainter(flattened, info, source, options ?? InpainterOptions.Default);
    }

    /// <summary>Completes the holes of one image.</summary>
    /// <exception cref="ArgumentException">The mask's size differs from the image's, or the image is too small or too large.</exception>
    public RgbImage Inpaint(RgbImage image, InpaintingMask mask) => Inpaint([image], [mask])[0];

    /// <summary>Completes several images; runs of consecutive images of equal size go through the network together.</summary>
    public IReadOnlyList<RgbImage> Inpaint(IReadOnlyList<RgbImage> images, IReadOnlyList<InpaintingMask> masks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(masks);
        if (images.Count != masks.Count)
        {
            throw new ArgumentException($"{images.Count} images but {masks.Count} masks.", nameof(masks));
        }

        var results = new RgbImage[images.Count];
        var batch = new List<int>(Options.BatchSize);
        for (int i = 0; i <= images.Count; i++)
        {
            if (i < images.Count)
            {
                Validate(images[i], masks[i], $"image {i}");
                if (masks[i].IsEmpty)
                {
                    results[i] = images[i]; // nothing to complete: the input, unchanged
                    continue;
                }
            }

            bool flush = batch.Count > 0 && (i == images.Count || batch.Count == Options.BatchSize
                || images[batch[0]].Width != images[i].Width || images[batch[0]].Height != images[i].Height);
            if (flush)
            {
                cancellationToken.ThrowIfCancellationRequested();
                RgbImage[] batchImages = [.. batch.Select(i => images[i])];
                InpaintingMask[] batchMasks = [.. batch.Select(i => masks[i])];
                RunBatch(batchImages, batchMasks, (b, output) => results[batch[b]] = InpaintingTensors.Composite(batchImages[b], batchMasks[b], output), cancellationToken);
                batch.Clear();
            }

            if (i < images.Count)
            {
                batch.Add(i);
            }
        }

        return results;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _session.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>
    /// Checks that an image and its mask can be inpainted (same size, within the pixel limit, large enough for the
    /// padding mode); throws <see cref="ArgumentException"/> naming <paramref name="name"/> otherwise. Lets callers
    /// skip one bad image instead of failing a whole batch.
    /// </summary>
    public void Validate(RgbImage image, InpaintingMask mask, string name)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        if (!mask.HasSizeOf(image))
        {
            throw new ArgumentException($"The mask of {name} is {mask.Width}x{mask.Height} but the image is {image.Width}x{image.Height}; a mask must have its image's size.");
        }

        InpaintingTensors.CheckSize(image.Width, image.Height, Options.Padding, Options.MaxPixels, name);
    }

    /// <summary>
    /// The one way every inference path runs the network: writes the padded inputs of images of one size into a pooled
    /// buffer, runs them as one batch, and hands each image's output (3 × padded H × W, read in place from ONNX
    /// Runtime's output) to <paramref name="consume"/>. Cancellation stops a run in progress (RunOptions.Terminate).
    /// </summary>
    internal void RunBatch(IReadOnlyList<RgbImage> images, IReadOnlyList<InpaintingMask> masks, OutputConsumer consume, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RgbImage first = images[0];
        int paddedWidth = InpaintingTensors.Padded(first.Width), paddedHeight = InpaintingTensors.Padded(first.Height);
        int inputSize = 4 * paddedWidth * paddedHeight, outputSize = 3 * paddedWidth * paddedHeight;
        float[] input = ArrayPool<float>.Shared.Rent(images.Count * inputSize);
        try
        {
            for (int b = 0; b < images.Count; b++)
            {
                InpaintingTensors.WriteInput(images[b], masks[b], Mean, ModelInfo.Prefill, Options.Padding, input.AsSpan(b * inputSize, inputSize));
            }

            Run(input, images.Count, paddedHeight, paddedWidth, output =>
            {
                for (int b = 0; b < images.Count; b++)
                {
                    consume(b, output.Slice(b * outputSize, outputSize));
                }
            }, cancellationToken);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(input);
        }
    }

    /// <summary>Receives one image's network output during <see cref="RunBatch"/>.</summary>
    internal delegate void OutputConsumer(int index, ReadOnlySpan<float> output);

    private delegate void SpanReader(ReadOnlySpan<float> output);

    /// <summary>Runs the network on prepared inputs and discards the output (for benchmarks of the network alone).</summary>
    internal void Run(float[] input, int count, int paddedHeight, int paddedWidth, CancellationToken cancellationToken = default) =>
        Run(input, count, paddedHeight, paddedWidth, _ => { }, cancellationToken);

    /// <summary>Runs the flattened model on <paramref name="count"/> padded inputs of one size and lets <paramref name="read"/> see the output in place.</summary>
    private void Run(float[] input, int count, int paddedHeight, int paddedWidth, SpanReader read, CancellationToken cancellationToken = default)
    {
        long length = (long)count * 4 * paddedHeight * paddedWidth;
        using OrtValue pixels = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.AsMemory(0, (int)length), [1, length]);
        using OrtValue shape = OrtValue.CreateTensorValueFromMemory(new long[] { count, 4, paddedHeight, paddedWidth }, [4]);

        // The shared RunOptions serve calls that cannot be cancelled; a cancellable call gets its own, so terminating
        // it never stops another thread's run.
        using RunOptions? own = cancellationToken.CanBeCanceled ? new RunOptions() : null;
        RunOptions options = own ?? _runOptions;
        using CancellationTokenRegistration registration = own is null ? default : cancellationToken.Register(() => own.Terminate = true);
        try
        {
            using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(options, [Inference.FlattenedModel.Pixels, Inference.FlattenedModel.Shape], [pixels, shape], [Inference.FlattenedModel.Completed]);
            read(outputs[0].GetTensorDataAsSpan<float>());
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    /// <summary>
    /// Runs the network once on a small blank input: a model whose output is not N×3×H×W for an N×4×H×W input would
    /// otherwise fail every image later with an index error.
    /// </summary>
    private void CheckOutputSize()
    {
        const int Side = 16;
        float[] output = [];
        Run(new float[4 * Side * Side], 1, Side, Side, values => output = values.ToArray());
        if (output.Length != 3 * Side * Side)
        {
            throw new InvalidDataException(
                $"'{Source}' is not a usable completion network: for a 1×4×{Side}×{Side} input it returns {output.Length} values, where a " +
                $"GlcicML model returns 1×3×{Side}×{Side} ({3 * Side * Side}): its output is not the input's size. Re-export it with 'glcic-train export'.");
        }

        int bad = Array.FindIndex(output, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw new InvalidDataException(
                $"'{Source}' returns non-finite values ({output[bad]}) for a blank 1×4×{Side}×{Side} input: its weights are damaged (a diverged training run?). Re-export it from a good checkpoint.");
        }
    }

}
