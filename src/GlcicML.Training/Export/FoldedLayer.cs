namespace GlcicML.Training.Export;

/// <summary>A convolution with its batch norm folded in: inference weights in ONNX layout.</summary>
/// <param name="Spec">The layer's shape.</param>
/// <param name="Weight">[out, in, k, k] for a convolution, [in, out, k, k] for a transposed one.</param>
/// <param name="Bias">[out].</param>
internal sealed record FoldedLayer(LayerSpec Spec, float[] Weight, float[] Bias)
{
    /// <summary>The weight tensor's dimensions.</summary>
    public long[] WeightShape => Spec.Transposed
        ? [Spec.InChannels, Spec.OutChannels, Spec.Kernel, Spec.Kernel]
        : [Spec.OutChannels, Spec.InChannels, Spec.Kernel, Spec.Kernel];

    /// <summary>Folds eval-mode batch norm into each convolution: w' = w·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β (the paper folds it at test time).</summary>
    public static IReadOnlyList<FoldedLayer> From(CompletionNetwork network)
    {
        var layers = new List<FoldedLayer>();
        foreach (ConvBlock block in network.Layers)
        {
            // The detached copies live in the scope until read: freed deterministically, and never by another thread's GC mid-read.
            using DisposeScope scope = NewDisposeScope();
            LayerSpec spec = block.Spec;
            float[] weight = block.Weight.detach().cpu().contiguous().data<float>().ToArray();
            float[] bias = block.Bias.detach().cpu().data<float>().ToArray();
            if (block.Norm is { } norm)
            {
                float[] gamma = norm.weight!.detach().cpu().data<float>().ToArray();
                float[] beta = norm.bias!.detach().cpu().data<float>().ToArray();
                float[] mean = norm.running_mean!.detach().cpu().data<float>().ToArray();
                float[] variance = norm.running_var!.detach().cpu().data<float>().ToArray();
                double epsilon = norm.eps;
                int kernelArea = spec.Kernel * spec.Kernel;
                for (int o = 0; o < spec.OutChannels; o++)
                {
                    double scale = gamma[o] / Math.Sqrt(variance[o] + epsilon);
                    bias[o] = (float)(((bias[o] - mean[o]) * scale) + beta[o]);
                    for (int i = 0; i < spec.InChannels; i++)
                    {
                        // Output channels are axis 0 of a convolution's weight and axis 1 of a transposed one's.
                        int start = spec.Transposed ? ((i * spec.OutChannels) + o) * kernelArea : ((o * spec.InChannels) + i) * kernelArea;
                        for (int k = 0; k < kernelArea; k++)
                        {
                            weight[start + k] = (float)(weight[start + k] * scale);
                        }
                    }
                }
            }

            layers.Add(new FoldedLayer(spec, weight, bias));
        }

        return layers;
    }
}
