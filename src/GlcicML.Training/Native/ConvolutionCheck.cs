using System.Collections.Concurrent;

namespace GlcicML.Training.Native;

/// <summary>
/// Checks, once per convolution configuration and process, that libtorch computes the convolution right on this
/// CPU, forward and backward, before the networks use it: the safety net under <see cref="OneDnnPolicy"/> for CPUs
/// not known to need it.
/// </summary>
/// <remarks>
/// A configuration is the layer's shape, the input's shape, whether the input needs a gradient and the thread count:
/// what libtorch and oneDNN choose their kernels by. The check runs the convolution on seeded random data in fp32
/// and in fp64 (ATen's native kernels on one thread, exact here), and compares the output and every gradient. It
/// costs about one extra forward and backward pass of the layer, once. A wrong result stops the program with
/// <see cref="InvalidOperationException"/> (wrong training is worse than none) and is recorded, so that the next
/// process on this CPU caps oneDNN from the start.
/// </remarks>
public static class ConvolutionCheck
{
    // Relative to the largest magnitude. Right fp32 kernels agree to ~1e-6, right bfloat16 ones (8-bit mantissas in,
    // fp32 sums) to ~1e-2; the wrong kernels seen were off by 0.1-1.
    private const double Tolerance = 1e-3, BFloat16Tolerance = 2e-2;
    private static readonly ConcurrentDictionary<Configuration, double> s_checked = new();
    private static readonly ConcurrentDictionary<Configuration, double> s_bfloat16Wrong = new();

    /// <summary>Whether convolutions are checked (benchmarks measuring bare kernels turn it off).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>How many configurations were checked in this process.</summary>
    public static int CheckedConfigurations => s_checked.Count;

    /// <summary>The bfloat16 configurations found wrong in this process, which compute in fp32 instead.</summary>
    public static IReadOnlyCollection<string> BFloat16Fallbacks => [.. s_bfloat16Wrong.Keys.Select(configuration => configuration.Describe())];

    /// <summary>The layer <paramref name="spec"/> describes, with these weights, on <paramref name="input"/>: checked once, then run as <see cref="OneDnnPolicy"/> says.</summary>
    internal static Tensor Run(LayerSpec spec, Tensor input, Tensor weight, Tensor bias, ComputePrecision precision = ComputePrecision.Float32)
    {
        bool cpu = input.device_type == DeviceType.CPU;
        precision = Convolution.PrecisionFor(spec, precision);
        if (Enabled && cpu && (input.dtype == ScalarType.Float32 || input.dtype == ScalarType.BFloat16))
        {
            precision = Ensure(spec, input.shape, input.requires_grad && is_grad_enabled(), forwardOnly: !is_grad_enabled(), precision);
        }

        return Convolution.Apply(spec, input, weight, bias, cpu && OneDnnPolicy.ChannelsLast, precision);
    }

    /// <summary>
    /// Checks the configuration unless it was checked before and returns the precision to compute it in: as asked, or
    /// fp32 for a bfloat16 configuration libtorch computes wrong (said once through <see cref="GlcicLogging"/>).
    /// Throws when libtorch computes it wrong in fp32.
    /// </summary>
    internal static ComputePrecision Ensure(LayerSpec spec, long[] inputShape, bool inputNeedsGradient, bool forwardOnly = false, ComputePrecision precision = ComputePrecision.Float32)
    {
        var configuration = new Configuration(spec with { NormalizeAndActivate = false }, string.Join('x', inputShape), inputNeedsGradient, get_num_threads(), OneDnnPolicy.ChannelsLast, forwardOnly, precision);
        if (s_bfloat16Wrong.ContainsKey(configuration))
        {
            return Ensure(spec, inputShape, inputNeedsGradient, forwardOnly, ComputePrecision.Float32);
        }

        if (s_checked.ContainsKey(configuration))
        {
            return precision;
        }

        double error = forwardOnly ? ForwardRelativeError(spec, inputShape, precision) : RelativeError(spec, inputShape, inputNeedsGradient, precision);
        if (precision == ComputePrecision.BFloat16 && !(error <= ToleranceOf(precision)))
        {
            // Slower but right: training keeps going, in fp32 for this layer only.
            if (s_bfloat16Wrong.TryAdd(configuration, error))
            {
                GlcicLogging.Write("GlcicML.Training", $"libtorch computes a {configuration.Describe()} wrong on this CPU ({OneDnnPolicy.CpuSignature}; largest error {error:G3} of the result's range): this layer computes in fp32.");
            }

            return Ensure(spec, inputShape, inputNeedsGradient, forwardOnly, ComputePrecision.Float32);
        }

        if (!(error <= ToleranceOf(precision)))
        {
            if (Environment.GetEnvironmentVariable(OneDnnPolicy.TestOverrideVariable) is null)
            {
                OneDnnPolicy.RecordFault();
            }

            throw new InvalidOperationException(
                $"libtorch computes a {configuration.Describe()} wrong on this CPU ({OneDnnPolicy.CpuSignature}): largest error {error:G3} of the result's range. " +
                $"oneDNN policy: {OneDnnPolicy.Report}. This CPU is now recorded in {OneDnnPolicy.RecordFile}: run again and oneDNN is capped at {OneDnnPolicy.SafeIsa} " +
                "from the start (slower, exact). Please report the CPU to GlcicML.");
        }

        s_checked.TryAdd(configuration, error);
        return precision;
    }

    /// <summary>
    /// The largest relative difference between fp32 (as the networks run, whole batch) and fp64 (first sample only)
    /// over the output and every gradient. The output gradient is zero beyond the first sample, so the weight and
    /// bias gradients of the batch are the first sample's: the fp64 reference needs one sample, not the batch.
    /// </summary>
    internal static double RelativeError(LayerSpec spec, long[] inputShape, bool inputNeedsGradient, ComputePrecision precision = ComputePrecision.Float32)
    {
        using DisposeScope scope = NewDisposeScope();
        using IDisposable grad = enable_grad();
        using var generator = new Generator(20261202);
        (Tensor x, Tensor w, Tensor b) = RandomLayer(spec, inputShape, generator);
        Tensor[] batch = ForwardBackward(spec, x, w, b, inputNeedsGradient, generator, OneDnnPolicy.ChannelsLast, precision);
        Tensor[] first = [batch[0].narrow(0, 0, 1), batch[1], batch[2], .. inputNeedsGradient ? new[] { batch[3].narrow(0, 0, 1) } : []];
        Tensor[] reference = OnOneThread(() => ForwardBackward(
            spec, x.narrow(0, 0, 1).to(float64), w.to(float64), b.to(float64), inputNeedsGradient, generator: null, channelsLast: false, ComputePrecision.Float32, batch[^1].narrow(0, 0, 1).to(float64)));
        return first.Zip(reference).Max(pair => Relative(pair.First, pair.Second)); // Zip stops before the reference's trailing output gradient
    }

    /// <summary>Inference (no gradients): the output alone, fp32 on the whole batch against fp64 on its first sample.</summary>
    internal static double ForwardRelativeError(LayerSpec spec, long[] inputShape, ComputePrecision precision = ComputePrecision.Float32)
    {
        using DisposeScope scope = NewDisposeScope();
        using IDisposable noGradients = no_grad();
        using var generator = new Generator(20261202);
        (Tensor x, Tensor w, Tensor b) = RandomLayer(spec, inputShape, generator);
        Tensor y = Convolution.Apply(spec, OneDnnPolicy.ChannelsLast ? Convolution.ToChannelsLast(x) : x, w, b, OneDnnPolicy.ChannelsLast, precision).narrow(0, 0, 1);
        Tensor reference = OnOneThread(() => Convolution.Apply(spec, x.narrow(0, 0, 1).to(float64), w.to(float64), b.to(float64), channelsLast: false));
        return Relative(y, reference);
    }

    /// <summary>A seeded random input, weight (scaled by the fan-in) and bias for the layer.</summary>
    private static (Tensor Input, Tensor Weight, Tensor Bias) RandomLayer(LayerSpec spec, long[] inputShape, Generator generator)
    {
        long[] weightShape = spec.Transposed
            ? [spec.InChannels, spec.OutChannels, spec.Kernel, spec.Kernel]
            : [spec.OutChannels, spec.InChannels, spec.Kernel, spec.Kernel];
        return (
            randn(inputShape, generator: generator),
            randn(weightShape, generator: generator).div_(Math.Sqrt(spec.InChannels * spec.Kernel * spec.Kernel)),
            randn([spec.OutChannels], generator: generator));
    }

    /// <summary>How far a right kernel of this precision may be from the fp64 reference.</summary>
    internal static double ToleranceOf(ComputePrecision precision) => precision == ComputePrecision.BFloat16 ? BFloat16Tolerance : Tolerance;

    /// <summary>The fp64 reference runs ATen's native kernels, exact on one thread on every CPU seen (not on two here).</summary>
    private static T OnOneThread<T>(Func<T> compute)
    {
        int threads = get_num_threads();
        set_num_threads(1);
        try
        {
            return compute();
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    /// <summary>The largest difference over the reference's largest magnitude; infinite when the difference is not finite.</summary>
    private static double Relative(Tensor actual, Tensor reference)
    {
        double difference = actual.to(float64).sub(reference).abs().max().item<double>();
        return double.IsFinite(difference) ? difference / Math.Max(reference.abs().max().item<double>(), 1e-30) : double.PositiveInfinity;
    }

    /// <summary>
    /// y, ∂L/∂w, ∂L/∂b, (when asked) ∂L/∂x, and last the output gradient g, for L = Σ y ⊙ g; g is random for the
    /// first sample and zero for the others, unless given.
    /// </summary>
    private static Tensor[] ForwardBackward(LayerSpec spec, Tensor x0, Tensor w0, Tensor b0, bool inputGradient, Generator? generator, bool channelsLast, ComputePrecision precision, Tensor? outputGradient = null)
    {
        // The input in the layout the networks use (their activations are channels-last from the first layer on).
        Tensor x = (channelsLast ? Convolution.ToChannelsLast(x0.detach()) : x0.detach()).requires_grad_(inputGradient);
        Tensor w = w0.detach().requires_grad_(true);
        Tensor b = b0.detach().requires_grad_(true);
        Tensor y = Convolution.Apply(spec, x, w, b, channelsLast, precision);
        Tensor g = outputGradient ?? (channelsLast ? Convolution.ToChannelsLast(zeros_like(y)) : zeros_like(y));
        if (outputGradient is null)
        {
            g.narrow(0, 0, 1).copy_(randn([1, .. y.shape[1..]], generator: generator));
        }

        Tensor[] inputs = inputGradient ? [w, b, x] : [w, b];
        IList<Tensor> gradients = autograd.grad([y], inputs, [g]);
        return [y.detach(), .. gradients, g];
    }

    /// <summary>What decides which kernel libtorch and oneDNN pick for a convolution.</summary>
    internal readonly record struct Configuration(LayerSpec Layer, string InputShape, bool InputNeedsGradient, int Threads, bool ChannelsLast, bool ForwardOnly, ComputePrecision Precision)
    {
        public string Describe() =>
            $"{(Layer.Transposed ? "transposed convolution" : "convolution")} {Layer.InChannels}→{Layer.OutChannels} {Layer.Kernel}×{Layer.Kernel} " +
            $"(stride {Layer.Stride}, dilation {Layer.Dilation}) on {InputShape}{(InputNeedsGradient ? " with input gradient" : "")}, {Threads} threads" +
            (ChannelsLast ? ", channels-last" : ", NCHW") + (ForwardOnly ? ", forward only" : "") + (Precision == ComputePrecision.BFloat16 ? ", bfloat16" : "");
    }
}
