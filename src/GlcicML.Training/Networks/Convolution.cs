namespace GlcicML.Training.Networks;

/// <summary>
/// The convolution of a <see cref="LayerSpec"/>, in the memory layout libtorch computes right and fast on this CPU:
/// channels-last (NHWC strides, NCHW shape) unless <see cref="Native.OneDnnPolicy"/> says otherwise.
/// </summary>
/// <remarks>
/// On channels-last tensors libtorch's oneDNN runs its NHWC kernels directly: no reorder of every activation to and
/// from oneDNN's blocked layouts (a third of a training step's time on NCHW), and none of the padded blocked layouts
/// whose partial channel blocks oneDNN computes wrong on AMD Zen 5. Batch norm, ReLU and the element-wise operations
/// between convolutions keep the layout, so after the first layer nothing is converted.
/// </remarks>
internal static class Convolution
{
    /// <summary>The layer <paramref name="spec"/> describes with these weights, on <paramref name="input"/>.</summary>
    /// <remarks>
    /// In <see cref="ComputePrecision.BFloat16"/> the input (unless already bfloat16), weight and bias are cast to
    /// bfloat16 (a cast keeps the channels-last strides) and the output stays bfloat16: the next batch norm, ReLU and
    /// convolution take it as it is, and the casts' gradients bring the weights' gradients back to fp32.
    /// </remarks>
    public static Tensor Apply(LayerSpec spec, Tensor input, Tensor weight, Tensor bias, bool channelsLast, ComputePrecision precision = ComputePrecision.Float32)
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor x = channelsLast && !IsChannelsLast(input) ? ToChannelsLast(input) : input;
        long[] stride = [spec.Stride, spec.Stride], padding = [spec.Padding, spec.Padding], dilation = [spec.Dilation, spec.Dilation];
        if (precision == ComputePrecision.BFloat16)
        {
            (x, weight, bias) = (x.dtype == ScalarType.BFloat16 ? x : x.to(bfloat16), weight.to(bfloat16), bias.to(bfloat16));
        }
        else if (x.dtype == ScalarType.BFloat16)
        {
            x = x.to(weight.dtype); // a layer kept in fp32 (PrecisionFor) after bfloat16 ones
        }

        Tensor output = spec.Transposed
            ? nn.functional.conv_transpose2d(x, weight, bias, stride, padding, [0, 0], dilation, 1)
            : nn.functional.conv2d(x, weight, bias, stride, padding, dilation, 1);
        return scope.MoveToOuter(output);
    }

    /// <summary>
    /// The precision a layer computes in when <paramref name="requested"/> is asked: bfloat16 only for the layer shapes
    /// libtorch 2.10's oneDNN computes right in it. With an odd number of output channels (the completion network's
    /// RGB output layer) or a single input channel, its bfloat16 input gradient came out wrong on AMD Zen 5 (0.2-0.9 of
    /// the range, or garbage, changing with what memory held before: it passed on one host and failed on the next);
    /// such layers are cheap, and compute in fp32. Upstream, the single-channel case: pytorch/pytorch#163347 (bf16
    /// convolutions through oneDNN wrong on AMD CPUs). The test
    /// <c>ConvolutionCorrectnessTests.Check_OfAWrongBFloat16Configuration_ComputesThatLayerInFp32InsteadOfStopping</c>
    /// prints whether the raw bfloat16 kernel is still wrong on the machine it runs on.
    /// </summary>
    public static ComputePrecision PrecisionFor(LayerSpec spec, ComputePrecision requested) =>
        requested == ComputePrecision.BFloat16 && (spec.OutChannels % 2 == 1 || spec.InChannels == 1) ? ComputePrecision.Float32 : requested;

    /// <summary>Whether a 4-d tensor's channels are its innermost dimension in memory (NHWC strides).</summary>
    public static bool IsChannelsLast(Tensor tensor) =>
        tensor.dim() == 4 && tensor.stride(1) == 1 && tensor.stride(3) == tensor.size(1) && tensor.stride(2) == tensor.size(1) * tensor.size(3);

    /// <summary>The same values with NHWC strides (TorchSharp has no <c>contiguous(memory_format)</c>).</summary>
    public static Tensor ToChannelsLast(Tensor tensor)
    {
        using Tensor nhwc = tensor.permute(0, 2, 3, 1);
        using Tensor packed = nhwc.contiguous();
        return packed.permute(0, 3, 1, 2);
    }
}
