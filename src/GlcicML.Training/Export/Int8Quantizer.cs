using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace GlcicML.Training.Export;

/// <summary>
/// Builds the int8 (QDQ) model: every convolution's input passes QuantizeLinear/DequantizeLinear as uint8 with
/// zero point 0 (each is a ReLU output or the [0, 1] image, so nothing is negative), weights are int8 per output
/// channel behind DequantizeLinear (axis 0 for Conv, 1 for ConvTranspose), biases int32 with scale = input scale ×
/// weight scale. ONNX Runtime fuses these into integer convolutions. Activation ranges come from running the float
/// model on calibration inputs.
/// </summary>
internal static class Int8Quantizer
{
    public static byte[] Quantize(IReadOnlyList<FoldedLayer> layers, GlcicModelInfo info, IReadOnlyList<CalibrationInput> calibration)
    {
        if (calibration.Count == 0)
        {
            throw new ArgumentException("Int8 export needs at least one calibration input.", nameof(calibration));
        }

        float[] ranges = ActivationRanges(layers, info, calibration);
        return OnnxExporter.CreateModel(layers, info with { Precision = OnnxExporter.PrecisionName(ExportPrecision.Int8) }, new Plan(ranges)).ToByteArray();
    }

    /// <summary>The largest value reaching each convolution's input over the calibration set.</summary>
    private static float[] ActivationRanges(IReadOnlyList<FoldedLayer> layers, GlcicModelInfo info, IReadOnlyList<CalibrationInput> calibration)
    {
        ModelProto model = OnnxExporter.CreateModel(layers, info, quantization: null);
        string[] probes = [GlcicModelInfo.InputName, .. Enumerable.Range(1, layers.Count - 1).Select(i => $"layer{i}.relu")];
        foreach (string probe in probes.Skip(1))
        {
            model.Graph.Output.Add(new ValueInfoProto { Name = probe });
        }

        var ranges = new float[layers.Count];
        using var session = new InferenceSession(model.ToByteArray());
        foreach (CalibrationInput sample in calibration)
        {
            ranges[0] = Math.Max(ranges[0], sample.Data.Max());
            using OrtValue input = OrtValue.CreateTensorValueFromMemory(sample.Data, [1, 4, sample.Height, sample.Width]);
            using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(new RunOptions(), [GlcicModelInfo.InputName], [input], probes[1..]);
            for (int i = 1; i < layers.Count; i++)
            {
                ReadOnlySpan<float> values = outputs[i - 1].GetTensorDataAsSpan<float>();
                ranges[i] = Math.Max(ranges[i], System.Numerics.Tensors.TensorPrimitives.Max(values));
            }
        }

        return [.. ranges.Select(r => r > 0 ? r : 1f)];
    }

    /// <summary>Adds the quantized weights of each layer and the quantize/dequantize pair on its input.</summary>
    internal sealed class Plan(float[] activationRanges)
    {
        public string[] AddQuantized(GraphProto graph, string name, int index, FoldedLayer layer, string input)
        {
            int outChannels = layer.Spec.OutChannels;
            float inputScale = activationRanges[index] / 255f;
            graph.Initializer.Add(OnnxGraph.Tensor($"{name}.x_scale", [], [inputScale]));
            graph.Initializer.Add(OnnxGraph.Raw($"{name}.x_zero", OnnxGraph.UInt8Type, [], [0]));
            graph.Node.Add(OnnxGraph.Node("QuantizeLinear", $"{name}.quantize", [input, $"{name}.x_scale", $"{name}.x_zero"], [$"{name}.xq"]));
            graph.Node.Add(OnnxGraph.Node("DequantizeLinear", $"{name}.dequantize", [$"{name}.xq", $"{name}.x_scale", $"{name}.x_zero"], [$"{name}.xdq"]));

            // Per-output-channel symmetric int8 weights.
            long axis = layer.Spec.Transposed ? 1 : 0;
            int kernelArea = layer.Spec.Kernel * layer.Spec.Kernel;
            var weightScale = new float[outChannels];
            var quantized = new sbyte[layer.Weight.Length];
            for (int o = 0; o < outChannels; o++)
            {
                float max = 0;
                ForEachWeightOf(layer, o, kernelArea, i => max = Math.Max(max, Math.Abs(layer.Weight[i])));
                weightScale[o] = max > 0 ? max / 127f : 1f;
                float scale = weightScale[o];
                ForEachWeightOf(layer, o, kernelArea, i => quantized[i] = (sbyte)Math.Clamp(MathF.Round(layer.Weight[i] / scale), -127, 127));
            }

            graph.Initializer.Add(OnnxGraph.Raw($"{name}.wq", OnnxGraph.Int8Type, layer.WeightShape, MemoryMarshal.AsBytes(quantized.AsSpan())));
            graph.Initializer.Add(OnnxGraph.Tensor($"{name}.w_scale", [outChannels], weightScale));
            graph.Initializer.Add(OnnxGraph.Raw($"{name}.w_zero", OnnxGraph.Int8Type, [outChannels], new byte[outChannels]));
            graph.Node.Add(OnnxGraph.Node("DequantizeLinear", $"{name}.weight_dequantize", [$"{name}.wq", $"{name}.w_scale", $"{name}.w_zero"], [$"{name}.wdq"], OnnxGraph.Int("axis", axis)));

            // int32 biases at scale input × weight, as integer convolutions expect.
            var biasScale = new float[outChannels];
            var biasQuantized = new int[outChannels];
            for (int o = 0; o < outChannels; o++)
            {
                biasScale[o] = inputScale * weightScale[o];
                biasQuantized[o] = (int)Math.Clamp(Math.Round(layer.Bias[o] / (double)biasScale[o]), int.MinValue, int.MaxValue);
            }

            graph.Initializer.Add(OnnxGraph.Raw($"{name}.bq", OnnxGraph.Int32Type, [outChannels], MemoryMarshal.AsBytes(biasQuantized.AsSpan())));
            graph.Initializer.Add(OnnxGraph.Tensor($"{name}.b_scale", [outChannels], biasScale));
            graph.Initializer.Add(OnnxGraph.Raw($"{name}.b_zero", OnnxGraph.Int32Type, [outChannels], new byte[outChannels * 4]));
            graph.Node.Add(OnnxGraph.Node("DequantizeLinear", $"{name}.bias_dequantize", [$"{name}.bq", $"{name}.b_scale", $"{name}.b_zero"], [$"{name}.bdq"], OnnxGraph.Int("axis", 0)));
            return [$"{name}.xdq", $"{name}.wdq", $"{name}.bdq"];
        }

        private static void ForEachWeightOf(FoldedLayer layer, int output, int kernelArea, Action<int> visit)
        {
            for (int i = 0; i < layer.Spec.InChannels; i++)
            {
                int start = layer.Spec.Transposed ? ((i * layer.Spec.OutChannels) + output) * kernelArea : ((output * layer.Spec.InChannels) + i) * kernelArea;
                for (int k = 0; k < kernelArea; k++)
                {
                    visit(start + k);
                }
            }
        }
    }
}
