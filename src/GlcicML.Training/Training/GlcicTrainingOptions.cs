namespace GlcicML.Training.Training;

/// <summary>
/// Every number of the paper's training procedure (§3.4–3.5, §4), with the paper's values as defaults: 256-px crops
/// from images resized so the shorter edge is in [256, 384], one hole of 96–128 px per image, a 128-px local patch,
/// T_C = 90,000, T_D = 10,000, T_train = 500,000 iterations, batch 96, α = 0.0004, ADADELTA.
/// </summary>
public sealed record GlcicTrainingOptions
{
    /// <summary>Side of the square training crop, and the global discriminator's input. The default is 256.</summary>
    public int CropSize { get; init; } = 256;

    /// <summary>Smallest shorter edge images are resized to before cropping. The default is 256.</summary>
    public int MinResize { get; init; } = 256;

    /// <summary>Largest shorter edge images are resized to before cropping. The default is 384.</summary>
    public int MaxResize { get; init; } = 384;

    /// <summary>Smallest hole side in pixels (width and height drawn independently). The default is 96.</summary>
    public int MinHoleSize { get; init; } = 96;

    /// <summary>Largest hole side in pixels. The default is 128.</summary>
    public int MaxHoleSize { get; init; } = 128;

    /// <summary>
    /// A hole-size curriculum: over this run's first this many iterations the largest hole side grows linearly from
    /// <see cref="MinHoleSize"/> to <see cref="MaxHoleSize"/> (small holes first); 0 (the default, the paper's)
    /// draws from the whole range from the start.
    /// </summary>
    public long HoleCurriculumIterations { get; init; }

    /// <summary>
    /// The training holes' shape: rectangles (the default, the paper's), free-form strokes, or both mixed. The hole-size
    /// options and the curriculum shape the rectangles; the local discriminator's patch is centred on the holes' bounds.
    /// </summary>
    public TrainingHoleShape HoleShape { get; init; } = TrainingHoleShape.Rectangles;

    /// <summary>Side of the local discriminator's patch, centred on the hole. The default is 128.</summary>
    public int LocalPatchSize { get; init; } = 128;

    /// <summary>Width multiplier of all three networks; 1.0 (the default) is the paper's.</summary>
    public double WidthMultiplier { get; init; } = 1.0;

    /// <summary>
    /// Rounds the completion network's hidden channel counts up to a multiple of this; 1 (the default) keeps them as
    /// the width multiplier gives. 16 makes small widths run much faster on AVX-512 CPUs (docs/benchmarks.md).
    /// </summary>
    public int ChannelMultiple { get; init; } = 1;

    /// <summary>Images per iteration. The default is 96.</summary>
    public int BatchSize { get; init; } = 96;

    /// <summary>T_C: iterations training only the completion network on the weighted MSE. The default is 90,000.</summary>
    public long CompletionIterations { get; init; } = 90_000;

    /// <summary>T_D: iterations then training only the discriminators. The default is 10,000.</summary>
    public long DiscriminatorIterations { get; init; } = 10_000;

    /// <summary>T_train: total iterations, the rest training both jointly. The default is 500,000.</summary>
    public long TotalIterations { get; init; } = 500_000;

    /// <summary>α, the weight of the adversarial loss in the completion network's joint loss. The default is 0.0004.</summary>
    public double Alpha { get; init; } = 0.0004;

    /// <summary>The optimizer of both networks: <see cref="TrainingOptimizer.Adadelta"/> (the paper's, the default) or Adam.</summary>
    public TrainingOptimizer Optimizer { get; init; } = TrainingOptimizer.Adadelta;

    /// <summary>
    /// The learning rate; null (the default) takes the optimizer's usual one: 1.0 for ADADELTA (the paper's), 4e-4 for
    /// Adam (mmagic's GLCIC configuration). <see cref="EffectiveLearningRate"/> is the value in force.
    /// </summary>
    public double? LearningRate { get; init; }

    /// <summary>The learning rate in force: <see cref="LearningRate"/>, or the optimizer's default.</summary>
    public double EffectiveLearningRate => LearningRate ?? (Optimizer == TrainingOptimizer.Adam ? 4e-4 : 1.0);

    /// <summary>How the learning rate changes over the run: constant (the paper) or a cosine decay to 1 % of it at <see cref="TotalIterations"/>.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Adam's β₁ (first-moment decay). The default is 0.9.</summary>
    public double AdamBeta1 { get; init; } = 0.9;

    /// <summary>Adam's β₂ (second-moment decay). The default is 0.999.</summary>
    public double AdamBeta2 { get; init; } = 0.999;

    /// <summary>
    /// The completion network's reconstruction loss: <see cref="ReconstructionLoss.CropMse"/> (the paper's Eq. 2, the
    /// masked squared error averaged over the whole crop, the default), or the L1 or squared error averaged over the
    /// hole pixels only (whose scale does not shrink with the hole's share of the crop).
    /// </summary>
    public ReconstructionLoss Reconstruction { get; init; } = ReconstructionLoss.CropMse;

    /// <summary>
    /// What the holes hold in the network's input: the mean colour (the paper's, the default), or fast marching with
    /// the network learning a correction to it (residual output, last layer zero-initialised), which starts training
    /// from fast marching's quality instead of from a flat colour.
    /// </summary>
    public HolePrefill Prefill { get; init; } = HolePrefill.MeanColor;

    /// <summary>Share of training crops turned gray (luma in all three channels), in [0, 1]; 0 (the paper's) by default.</summary>
    public double GrayscaleFraction { get; init; }

    /// <summary>The context discriminators: both (the paper's, the default), or the global or the local one alone (the paper's ablation, Fig. 6).</summary>
    public Networks.DiscriminatorContext Discriminators { get; init; } = Networks.DiscriminatorContext.Both;

    /// <summary>
    /// What the convolutions compute in during training steps: fp32 (the default) or bfloat16 with fp32 weights, batch
    /// norm, losses and optimizer (faster on CPUs with AVX512_BF16; docs/benchmarks.md). Validation and export run fp32.
    /// </summary>
    public Networks.ComputePrecision Precision { get; init; } = Networks.ComputePrecision.Float32;

    /// <summary>ADADELTA decay ρ. The default is 0.9.</summary>
    public double Rho { get; init; } = 0.9;

    /// <summary>ADADELTA ε. The default is 1e-6.</summary>
    public double Epsilon { get; init; } = 1e-6;

    /// <summary>Seed of weights, sampling, crops and holes. The default is 0.</summary>
    public int Seed { get; init; }

    /// <summary>The fill colour; null (the default) estimates the dataset mean from the first <see cref="MeanSampleSize"/> images.</summary>
    public MeanColor? Mean { get; init; }

    /// <summary>Images read to estimate the dataset mean when <see cref="Mean"/> is null. The default is 1,000.</summary>
    public int MeanSampleSize { get; init; } = 1000;

    /// <summary>Write a checkpoint every this many iterations (and at the end). 0 writes only at the end. The default is 1,000.</summary>
    public long CheckpointEvery { get; init; } = 1000;

    /// <summary>Batches prepared ahead on a background thread, overlapping data preparation with compute. The default is 2.</summary>
    public int PrefetchBatches { get; init; } = 2;

    /// <summary>Threads libtorch may use; 0 (the default) keeps libtorch's own choice (one per core).</summary>
    public int Threads { get; init; }

    /// <summary>"cpu" (the default), "cuda" or "cuda:N". A CUDA device that is not available falls back to the CPU, logged.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The training recipe in one line, as the ONNX metadata records it.</summary>
    public string Recipe => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"optimizer={Optimizer.ToString().ToLowerInvariant()} lr={EffectiveLearningRate:R} schedule={Schedule.ToString().ToLowerInvariant()} loss={Reconstruction switch { ReconstructionLoss.HoleL1 => "hole-l1", ReconstructionLoss.HoleMse => "hole-mse", _ => "crop-mse" }} alpha={Alpha:R} batch={BatchSize} prefill={NetworkInput.Name(Prefill)}{(GrayscaleFraction > 0 ? $" gray={GrayscaleFraction:R}" : string.Empty)}{Discriminators switch { Networks.DiscriminatorContext.GlobalOnly => " discriminators=global", Networks.DiscriminatorContext.LocalOnly => " discriminators=local", _ => string.Empty }}{(ChannelMultiple > 1 ? $" channels=x{ChannelMultiple}" : string.Empty)}{(Precision == Networks.ComputePrecision.BFloat16 ? " precision=bf16" : string.Empty)}{(HoleCurriculumIterations > 0 ? $" curriculum={HoleCurriculumIterations}" : string.Empty)}{(HoleShape != TrainingHoleShape.Rectangles ? $" holes={HoleShape.ToString().ToLowerInvariant()}" : string.Empty)}");

    /// <summary>The learning rate at <paramref name="iteration"/> under <see cref="Schedule"/>.</summary>
    public double LearningRateAt(long iteration) => Schedule switch
    {
        LearningRateSchedule.Cosine => EffectiveLearningRate * (0.01 + (0.99 * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1.0, iteration / (double)TotalIterations))))),
        _ => EffectiveLearningRate,
    };

    /// <summary>The phase that iteration <paramref name="iteration"/> (0-based) belongs to.</summary>
    public TrainingPhase PhaseOf(long iteration) =>
        iteration < CompletionIterations ? TrainingPhase.Completion
        : iteration < CompletionIterations + DiscriminatorIterations ? TrainingPhase.Discriminator
        : TrainingPhase.Joint;

    /// <summary>Checks every option; throws <see cref="ArgumentOutOfRangeException"/> naming the first bad one.</summary>
    public void Validate()
    {
        Require(CropSize >= 16 && CropSize % 4 == 0, nameof(CropSize), CropSize, "must be a multiple of 4, at least 16");
        Require(MinResize >= CropSize, nameof(MinResize), MinResize, $"must be at least CropSize ({CropSize})");
        Require(MaxResize >= MinResize, nameof(MaxResize), MaxResize, $"must be at least MinResize ({MinResize})");
        Require(MinHoleSize >= 1, nameof(MinHoleSize), MinHoleSize, "must be at least 1");
        Require(MaxHoleSize >= MinHoleSize, nameof(MaxHoleSize), MaxHoleSize, $"must be at least MinHoleSize ({MinHoleSize})");
        Require(HoleCurriculumIterations >= 0, nameof(HoleCurriculumIterations), HoleCurriculumIterations, "must not be negative");
        Require(LocalPatchSize >= 8 && LocalPatchSize <= CropSize, nameof(LocalPatchSize), LocalPatchSize, $"must be in [8, CropSize ({CropSize})]");
        Require(MaxHoleSize <= LocalPatchSize, nameof(MaxHoleSize), MaxHoleSize, $"must fit in the local patch (LocalPatchSize {LocalPatchSize})");
        Require(WidthMultiplier > 0 && WidthMultiplier <= 4, nameof(WidthMultiplier), WidthMultiplier, "must be in (0, 4]");
        Require(ChannelMultiple >= 1 && ChannelMultiple <= 64, nameof(ChannelMultiple), ChannelMultiple, "must be in [1, 64]");
        Require(BatchSize >= 1, nameof(BatchSize), BatchSize, "must be at least 1");
        Require(CompletionIterations >= 0, nameof(CompletionIterations), CompletionIterations, "must not be negative");
        Require(DiscriminatorIterations >= 0, nameof(DiscriminatorIterations), DiscriminatorIterations, "must not be negative");
        Require(TotalIterations >= 1, nameof(TotalIterations), TotalIterations, "must be at least 1");
        Require(Alpha >= 0 && double.IsFinite(Alpha), nameof(Alpha), Alpha, "must be finite and not negative");
        Require(EffectiveLearningRate > 0 && double.IsFinite(EffectiveLearningRate), nameof(LearningRate), EffectiveLearningRate, "must be positive");
        Require(AdamBeta1 >= 0 && AdamBeta1 < 1, nameof(AdamBeta1), AdamBeta1, "must be in [0, 1)");
        Require(AdamBeta2 >= 0 && AdamBeta2 < 1, nameof(AdamBeta2), AdamBeta2, "must be in [0, 1)");
        Require(Enum.IsDefined(Optimizer), nameof(Optimizer), Optimizer, "must be Adadelta or Adam");
        Require(Enum.IsDefined(Schedule), nameof(Schedule), Schedule, "must be Constant or Cosine");
        Require(GrayscaleFraction >= 0 && GrayscaleFraction <= 1, nameof(GrayscaleFraction), GrayscaleFraction, "must be in [0, 1]");
        Require(Enum.IsDefined(Discriminators), nameof(Discriminators), Discriminators, "must be Both, GlobalOnly or LocalOnly");
        Require(Enum.IsDefined(Precision), nameof(Precision), Precision, "must be Float32 or BFloat16");
        Require(Enum.IsDefined(Prefill), nameof(Prefill), Prefill, "must be MeanColor or FastMarching");
        Require(Enum.IsDefined(Reconstruction), nameof(Reconstruction), Reconstruction, "must be CropMse, HoleL1 or HoleMse");
        Require(Rho > 0 && Rho < 1, nameof(Rho), Rho, "must be in (0, 1)");
        Require(Epsilon > 0, nameof(Epsilon), Epsilon, "must be positive");
        Require(MeanSampleSize >= 1, nameof(MeanSampleSize), MeanSampleSize, "must be at least 1");
        Require(CheckpointEvery >= 0, nameof(CheckpointEvery), CheckpointEvery, "must not be negative");
        Require(PrefetchBatches >= 1, nameof(PrefetchBatches), PrefetchBatches, "must be at least 1");
        Require(Threads >= 0, nameof(Threads), Threads, "must not be negative");
        Mean?.Validate();
    }

    /// <summary>
    /// Throws when <paramref name="other"/> would build a differently shaped completion network (warm start and
    /// fine-tune load only that network). The crop and local patch sizes shape only the discriminators, which start
    /// fresh, so a completion network may go on training at another crop size (it is fully convolutional).
    /// </summary>
    internal void RequireSameCompletionNetwork(GlcicTrainingOptions other, string context)
    {
        if (other.WidthMultiplier != WidthMultiplier || other.Prefill != Prefill || other.ChannelMultiple != ChannelMultiple)
        {
            throw new InvalidOperationException(
                $"{context}: the checkpoint's completion network was trained with width {other.WidthMultiplier}, prefill {NetworkInput.Name(other.Prefill)}, channel multiple {other.ChannelMultiple}; " +
                $"these options ask for width {WidthMultiplier}, prefill {NetworkInput.Name(Prefill)}, channel multiple {ChannelMultiple}. Use the checkpoint's values.");
        }
    }

    private static void Require(bool condition, string name, object value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"GlcicTrainingOptions.{name} {rule}; got {value}.");
        }
    }
}
