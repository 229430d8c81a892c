using GlcicML.Filling;
using GlcicML.Inference;
using GlcicML.Training.Export;
using GlcicML.Training.Networks;
using Microsoft.ML.OnnxRuntime;
using static TorchSharp.torch;

namespace GlcicML.Training.Tests.Export;

[Collection("Torch")]
public class OnnxExportTests
{
    private static readonly GlcicModelInfo Info = new(1, new MeanColor(0.45, 0.42, 0.4), 256, 96, 128, 1.0, 1234, "float32", new GlcicML.Training.Training.GlcicTrainingOptions { Optimizer = GlcicML.Training.Training.TrainingOptimizer.Adam }.Recipe);

    [Theory]
    [InlineData(1, 100, 132)]
    [InlineData(2, 64, 64)]
    public void Export_MatchesTorchSharpEvalForward_Within1e4(int batch, int height, int width)
    {
        using CompletionNetwork network = RandomNetwork(1.0, seed: 3);
        byte[] onnx = OnnxExporter.ToOnnx(network, Info);
        random.manual_seed(5);
        using Tensor input = rand(batch, 4, height, width);
        float[] expected;
        using (no_grad())
        using (Tensor output = network.call(input))
        {
            expected = output.data<float>().ToArray();
        }

        float[] actual = RunOnnx(onnx, input.data<float>().ToArray(), [batch, 4, height, width]);

        Assert.Equal(expected.Length, actual.Length);
        float maxDifference = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDifference <= 1e-4f, $"max |TorchSharp - ONNX Runtime| = {maxDifference}");
    }

    [Fact]
    public void Export_CarriesTheMetadataAndDynamicShapes()
    {
        using CompletionNetwork network = RandomNetwork(0.125, seed: 1);
        using var session = new InferenceSession(OnnxExporter.ToOnnx(network, Info));

        GlcicModelInfo read = GlcicModelInfo.FromProperties(session.ModelMetadata.CustomMetadataMap, "test");

        Assert.Equal(Info, read);
        Assert.Equal([-1, 4, -1, -1], session.InputMetadata[GlcicModelInfo.InputName].Dimensions);
        Assert.Equal([-1, 3, -1, -1], session.OutputMetadata[GlcicModelInfo.OutputName].Dimensions);
        Assert.Equal(17, OnnxExporter.Opset);
    }

    [Fact]
    public void Int8Export_RunsAndStaysCloseToFloat32()
    {
        using CompletionNetwork network = RandomNetwork(0.25, seed: 2);
        random.manual_seed(9);
        float[] sample = rand(1, 4, 64, 64).data<float>().ToArray();
        byte[] float32 = OnnxExporter.ToOnnx(network, Info);
        byte[] int8 = Int8Quantizer.Quantize(FoldedLayer.From(network), Info, [new CalibrationInput(sample, 64, 64)]);

        float[] reference = RunOnnx(float32, sample, [1, 4, 64, 64]);
        float[] quantized = RunOnnx(int8, sample, [1, 4, 64, 64]);

        double meanDifference = reference.Zip(quantized, (a, b) => (double)Math.Abs(a - b)).Average();
        Assert.True(meanDifference < 0.02, $"mean |float32 - int8| = {meanDifference}");
        using var session = new InferenceSession(int8);
        Assert.Equal("int8", GlcicModelInfo.FromProperties(session.ModelMetadata.CustomMetadataMap, "int8").Precision);
    }

    internal static float[] RunOnnx(byte[] model, float[] input, long[] shape)
    {
        using var session = new InferenceSession(model);
        using OrtValue value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(new RunOptions(), [GlcicModelInfo.InputName], [value], [GlcicModelInfo.OutputName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>Random weights and random batch-norm statistics, in eval mode, so folding is really exercised.</summary>
    internal static CompletionNetwork RandomNetwork(double width, int seed)
    {
        random.manual_seed(seed);
        var network = new CompletionNetwork(width);
        using (no_grad())
        {
            foreach (ConvBlock block in network.Layers.Where(b => b.Norm is not null))
            {
                block.Norm!.running_mean!.normal_(0, 0.1);
                block.Norm.running_var!.uniform_(0.5, 1.5);
                block.Norm.weight!.uniform_(0.5, 1.5);
                block.Norm.bias!.normal_(0, 0.1);
            }
        }

        network.eval();
        return network;
    }
}
