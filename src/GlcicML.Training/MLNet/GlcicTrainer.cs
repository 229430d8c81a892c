using GlcicML.Training.Data;
using GlcicML.Training.Export;
using GlcicML.Transforms;
using Microsoft.ML;
using Microsoft.ML.Transforms.Image;

namespace GlcicML.Training.MLNet;

/// <summary>
/// Trains GLCIC on the images of a data view (see <see cref="GlcicTrainingSession"/> for the algorithm) and returns
/// an <see cref="InpaintingTransformer"/> running the trained completion network through ONNX Runtime.
/// </summary>
/// <remarks>
/// <para>Input: an image column (MLImage, any size and count, e.g. from LoadImages). The images are streamed and
/// reshuffled every epoch; the dataset is never held in memory. Holes are drawn by the trainer, so the training
/// data needs no mask column.</para>
/// <para>The returned transformer completes images given a mask column: it expects the training data's image column
/// type plus a mask column of the same type (<c>Options.Inference.MaskColumnName</c>), and can be saved with
/// <c>mlContext.Model.Save</c>.</para>
/// </remarks>
public sealed class GlcicTrainer : IEstimator<InpaintingTransformer>
{
    private readonly MLContext _context;

    internal GlcicTrainer(MLContext context, Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Training.Validate();
        _context = context;
        Settings = options;
    }

    /// <summary>The settings.</summary>
    public Options Settings { get; }

    /// <summary>The schema the trained transformer produces on data that also has the mask column.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        SchemaShape.Column? image = inputSchema.Where(c => c.Name == Settings.ImageColumnName).Cast<SchemaShape.Column?>().LastOrDefault();
        if (image is null || image.Value.ItemType is not ImageDataViewType)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema), $"Glcic trainer: the training data needs an image column '{Settings.ImageColumnName}' (MLImage, e.g. from LoadImages).");
        }

        return _context.Transforms.CopyColumns(Settings.Inference.OutputColumnName, Settings.ImageColumnName).GetOutputSchema(inputSchema);
    }

    /// <summary>Trains (or resumes from <see cref="Options.CheckpointPath"/>) and returns the inpainting transformer.</summary>
    /// <exception cref="TrainingDivergedException">A loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException"><see cref="Options.CancellationToken"/> was cancelled (a checkpoint is written first).</exception>
    public InpaintingTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DataViewSchema.Column? image = input.Schema.GetColumnOrNull(Settings.ImageColumnName);
        if (image is null || image.Value.Type is not ImageDataViewType)
        {
            throw new ArgumentOutOfRangeException(nameof(input), $"Glcic trainer: the training data needs an image column '{Settings.ImageColumnName}' (MLImage, e.g. from LoadImages); it has: {string.Join(", ", input.Schema.Select(c => c.Name))}.");
        }

        Action<string> log = HostLog.For(_context.Transforms, "GlcicML.Trainer");
        TrainingImages images = TrainingImages.FromDataView(input, Settings.ImageColumnName, Settings.ShuffleBuffer);
        using GlcicTrainingSession session = Settings.CheckpointPath is not null && File.Exists(Settings.CheckpointPath)
            ? GlcicTrainingSession.Resume(Settings.CheckpointPath, images, Settings.Training.TotalIterations, log)
            : GlcicTrainingSession.Start(Settings.Training, images, log);
        session.Run(Settings.CheckpointPath, Settings.LogPath, Settings.Progress, cancellationToken: Settings.CancellationToken);

        session.Completion.eval();
        GlcicModelInfo info = OnnxExporter.ModelInfo(session.Options, session.Mean, session.Iteration);
        byte[] model = OnnxExporter.ToOnnx(session.Completion, info);
        InpaintingEstimator estimator = _context.Transforms.InpaintImages(model, "GLCIC model trained by GlcicTrainer", Settings.Inference with { ImageColumnName = Settings.ImageColumnName });
        return estimator.Fit(SchemaOnlyDataView.ImageAndMask(Settings.ImageColumnName, image.Value.Type, Settings.Inference.MaskColumnName));
    }

    /// <summary>Settings of <see cref="GlcicTrainer"/>.</summary>
    public sealed record Options
    {
        /// <summary>The image column to train on. The default is "Image".</summary>
        public string ImageColumnName { get; init; } = "Image";

        /// <summary>The training procedure (the paper's defaults; shrink them for CPU runs).</summary>
        public GlcicTrainingOptions Training { get; init; } = new();

        /// <summary>A checkpoint file: written during training, and resumed from when it already exists. Null (the default) for none.</summary>
        public string? CheckpointPath { get; init; }

        /// <summary>A .csv or .jsonl training log. Null (the default) for none.</summary>
        public string? LogPath { get; init; }

        /// <summary>Called after every iteration, on the training thread. Null (the default) for none.</summary>
        public IProgress<TrainingProgress>? Progress { get; init; }

        /// <summary>Stops training after the current iteration (writing a checkpoint when configured).</summary>
        public CancellationToken CancellationToken { get; init; }

        /// <summary>Images held for shuffling when the data view cannot shuffle itself. The default is 256.</summary>
        public int ShuffleBuffer { get; init; } = 256;

        /// <summary>How the returned transformer runs: output and mask column names, device, batch size.</summary>
        public InpaintingEstimator.Options Inference { get; init; } = new();
    }
}
