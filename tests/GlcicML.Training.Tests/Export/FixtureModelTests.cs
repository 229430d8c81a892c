using GlcicML.Filling;
using GlcicML.Inference;
using GlcicML.Training.Export;
using GlcicML.Training.Networks;
using static TorchSharp.torch;

namespace GlcicML.Training.Tests.Export;

/// <summary>Keeps the core tests' fixture model (tests/GlcicML.Tests/Models/tiny-random.onnx) in step with the exporter.</summary>
[Collection("Torch")]
public class FixtureModelTests
{
    private static string FixturePath => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "GlcicML.Tests", "Models", "tiny-random.onnx"));

    [Fact]
    public void CommittedTinyModel_ComputesWhatTheExporterProducesToday()
    {
        byte[] regenerated = TinyRandomModel();
        if (Environment.GetEnvironmentVariable("GLCIC_REGENERATE_FIXTURES") == "1")
        {
            File.WriteAllBytes(FixturePath, regenerated);
        }

        random.manual_seed(77);
        float[] input = rand(1, 4, 32, 40).data<float>().ToArray();

        Assert.Equal(OnnxExportTests.RunOnnx(regenerated, input, [1, 4, 32, 40]), OnnxExportTests.RunOnnx(File.ReadAllBytes(FixturePath), input, [1, 4, 32, 40]));
    }

    /// <summary>
    /// How the fixture is made: width 1/16, seed 20261125, batch-norm statistics settled on 60 random batches so the
    /// untrained network still responds to its input. Run with GLCIC_REGENERATE_FIXTURES=1 to rewrite the file.
    /// </summary>
    internal static byte[] TinyRandomModel()
    {
        random.manual_seed(20261125);
        using var network = new CompletionNetwork(1.0 / 16);
        network.train();
        using (no_grad())
        {
            for (int i = 0; i < 60; i++)
            {
                using Tensor warm = network.call(rand(4, 4, 32, 32));
            }
        }

        network.eval();
        return OnnxExporter.ToOnnx(network, new GlcicModelInfo(1, new MeanColor(0.47, 0.40, 0.39), 32, 8, 16, 1.0 / 16, 0, "float32"));
    }
}
