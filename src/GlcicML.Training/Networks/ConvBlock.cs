using TorchSharp.Modules;

namespace GlcicML.Training.Networks;

/// <summary>A convolution (or transposed convolution), then batch norm and ReLU unless it is an output layer.</summary>
public sealed class ConvBlock : nn.Module<Tensor, Tensor>
{
    // The names the fields are registered under: without them TorchSharp registers each field a second time under
    // its own name, and every weight is saved twice.
    [TorchSharp.Utils.ComponentName(Name = "conv")]
    private readonly nn.Module<Tensor, Tensor> _conv;
    [TorchSharp.Utils.ComponentName(Name = "norm")]
    private readonly BatchNorm2d? _norm;

    /// <summary>Channel counts below this (16 floats: one AVX-512 register) take batch norm's NCHW path.</summary>
    internal const int ThinChannels = 16;

    /// <summary>Builds the block described by <paramref name="spec"/>.</summary>
    public ConvBlock(LayerSpec spec)
        : base(nameof(ConvBlock))
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        _conv = spec.Transposed
            ? nn.ConvTranspose2d(spec.InChannels, spec.OutChannels, spec.Kernel, stride: spec.Stride, padding: spec.Padding, dilation: spec.Dilation)
            : nn.Conv2d(spec.InChannels, spec.OutChannels, spec.Kernel, stride: spec.Stride, padding: spec.Padding, dilation: spec.Dilation);
        register_module("conv", _conv);
        if (spec.NormalizeAndActivate)
        {
            _norm = nn.BatchNorm2d(spec.OutChannels);
            register_module("norm", _norm);
        }
    }

    /// <summary>The layer's shape.</summary>
    public LayerSpec Spec { get; }

    /// <summary>The convolution's weight: [out, in, k, k] (or [in, out, k, k] when transposed).</summary>
    public Parameter Weight => _conv.get_parameter("weight") ?? throw new InvalidOperationException("Convolution without weight.");

    /// <summary>The convolution's bias.</summary>
    public Parameter Bias => _conv.get_parameter("bias") ?? throw new InvalidOperationException("Convolution without bias.");

    /// <summary>
    /// What the convolution computes in while the block is in training mode; evaluation always runs fp32. In bfloat16 a
    /// hidden block returns bfloat16 activations (for the next block) and an output block fp32.
    /// </summary>
    public ComputePrecision Precision { get; set; }

    /// <summary>The batch norm after the convolution, or null for an output layer.</summary>
    public BatchNorm2d? Norm => _norm;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ComputePrecision precision = training ? Precision : ComputePrecision.Float32;
        if (_norm is null)
        {
            using var outputScope = NewDisposeScope(); // an output layer returns fp32 whatever it computed in
            Tensor y = ConvolutionCheck.Run(Spec, input, Weight, Bias, precision);
            return outputScope.MoveToOuter(y.dtype == ScalarType.Float32 ? y : y.to(float32));
        }

        using var scope = NewDisposeScope();
        return scope.MoveToOuter(nn.functional.relu(Normalize(ConvolutionCheck.Run(Spec, input, Weight, Bias, precision))));
    }

    /// <summary>Sets <see cref="Precision"/> on every block of <paramref name="network"/>.</summary>
    public static void SetPrecision(nn.Module network, ComputePrecision precision)
    {
        ArgumentNullException.ThrowIfNull(network);
        foreach (ConvBlock block in network.modules().OfType<ConvBlock>())
        {
            block.Precision = precision;
        }
    }

    /// <summary>
    /// What <see cref="BatchNorm2d"/>'s own forward does, with the batch counter's scalar held alive: TorchSharp's
    /// <c>num_batches_tracked.add_(1)</c> passes temporaries that another thread's garbage collection can free
    /// mid-call (see KeptAlive). Same native batch norm, same parameters and buffers.
    /// </summary>
    internal Tensor Normalize(Tensor input)
    {
        BatchNorm2d norm = _norm ?? throw new InvalidOperationException("An output layer has no batch norm.");
        double averaging = norm.momentum ?? 0.1;
        if (training && norm.num_batches_tracked is not null)
        {
            using Scalar one = 1.ToScalar();
            norm.num_batches_tracked.add_(one, one);
            if (averaging == 0)
            {
                averaging = 1.0 / norm.num_batches_tracked.item<long>();
            }
        }

        if (input.size(1) < ThinChannels && Convolution.IsChannelsLast(input))
        {
            // libtorch 2.10's channels-last batch norm has no vector path for fewer channels than one AVX-512 register:
            // with 12 channels at 128² it took 18 / 58 ms (forward / backward) against 5 / 6 ms for the same batch norm
            // on an NCHW copy, converted back (docs/benchmarks.md, *Where a training step's time goes*).
            using Tensor planar = input.contiguous();
            using Tensor normalized = nn.functional.batch_norm(planar, norm.running_mean, norm.running_var, norm.weight, norm.bias, training, averaging, norm.eps);
            return Convolution.ToChannelsLast(normalized);
        }

        return nn.functional.batch_norm(input, norm.running_mean, norm.running_var, norm.weight, norm.bias, training, averaging, norm.eps);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _conv.Dispose();
            _norm?.Dispose();
        }

        base.Dispose(disposing);
    }
}
