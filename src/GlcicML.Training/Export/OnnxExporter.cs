using System.Globalization;
using System.Reflection;
using Google.Protobuf;
using Onnx;

namespace GlcicML.Training.Export;

/// <summary>
/// Writes a trained completion network as an ONNX model (TorchSharp has no exporter, so the graph is written here):
/// opset 17, batch norm folded into the convolutions, input <c>input</c> N×4×H×W and output <c>output</c> N×3×H×W
/// with dynamic batch, height and width, and <see cref="GlcicModelInfo"/> in the metadata properties.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set the graphs use.</summary>
    public const int Opset = 17;

    /// <summary>The float32 model as bytes.</summary>
    public static byte[] ToOnnx(CompletionNetwork network, GlcicModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(info);
        if (network.Residual != (info.Prefill == HolePrefill.FastMarching))
        {
            throw new ArgumentException($"The network is {(network.Residual ? "residual" : "not residual")} but the metadata's prefill is {NetworkInput.Name(info.Prefill)}: a residual network goes with the fast-marching prefill.", nameof(info));
        }

        return CreateModel(FoldedLayer.From(network), info with { Precision = PrecisionName(ExportPrecision.Float32) }, quantization: null).ToByteArray();
    }

    /// <summary>Exports a checkpoint's completion network to <paramref name="outputPath"/> (written atomically).</summary>
    /// <param name="checkpointPath">A training checkpoint.</param>
    /// <param name="outputPath">The .onnx file to write.</param>
    /// <param name="precision">Float32 (exact), or Int8 (quantized, faster on CPUs with VNNI; needs <paramref name="calibration"/>).</param>
    /// <param name="calibration">Sample network inputs (N×4×H×W planar) to set the int8 activation ranges; ignored for float32.</param>
    public static GlcicModelInfo ExportCheckpoint(string checkpointPath, string outputPath, ExportPrecision precision = ExportPrecision.Float32, IReadOnlyList<CalibrationInput>? calibration = null)
    {
        CheckpointInfo checkpoint = TrainingCheckpoint.ReadInfo(checkpointPath);
        using var network = new CompletionNetwork(checkpoint.Options.WidthMultiplier, residual: checkpoint.Options.Prefill == HolePrefill.FastMarching, checkpoint.Options.ChannelMultiple);
        TrainingCheckpoint.LoadCompletion(checkpointPath, network);
        network.eval();
        GlcicModelInfo info = ModelInfo(checkpoint.Options, checkpoint.Mean, checkpoint.Iteration);
        byte[] model = precision switch
        {
            ExportPrecision.Float32 => ToOnnx(network, info),
            ExportPrecision.Int8 => Int8Quantizer.Quantize(FoldedLayer.From(network), info, calibration ?? throw new ArgumentException("Int8 export needs calibration inputs.", nameof(calibration))),
            _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision."),
        };
        GlcicML.Imaging.AtomicFile.Write(outputPath, stream => stream.Write(model));
        return info with { Precision = PrecisionName(precision) };
    }

    /// <summary>
    /// The metadata of a model trained with <paramref name="options"/>: the one place a <see cref="GlcicModelInfo"/> is
    /// made from training state (checkpoint export, the ML.NET trainer).
    /// </summary>
    public static GlcicModelInfo ModelInfo(GlcicTrainingOptions options, MeanColor mean, long iterations, ExportPrecision precision = ExportPrecision.Float32)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new GlcicModelInfo(
            GlcicModelInfo.CurrentFormatVersion,
            mean,
            options.CropSize,
            options.MinHoleSize,
            options.MaxHoleSize,
            options.WidthMultiplier,
            iterations,
            PrecisionName(precision),
            options.Recipe,
            options.Prefill);
    }

    /// <summary>The metadata spelling of a precision ("float32", "int8").</summary>
    public static string PrecisionName(ExportPrecision precision) => precision switch
    {
        ExportPrecision.Float32 => "float32",
        ExportPrecision.Int8 => "int8",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision."),
    };

    /// <summary>Builds the model. With <paramref name="quantization"/>, each convolution runs in int8 (QDQ form).</summary>
    internal static ModelProto CreateModel(IReadOnlyList<FoldedLayer> layers, GlcicModelInfo info, Int8Quantizer.Plan? quantization)
    {
        var graph = new GraphProto { Name = "glcic_completion_network" };
        graph.Input.Add(OnnxGraph.FloatTensor(GlcicModelInfo.InputName, "batch", 4, "height", "width"));
        graph.Output.Add(OnnxGraph.FloatTensor(GlcicModelInfo.OutputName, "batch", 3, "height", "width"));
        string x = GlcicModelInfo.InputName;
        for (int i = 0; i < layers.Count; i++)
        {
            FoldedLayer layer = layers[i];
            LayerSpec spec = layer.Spec;
            string name = $"layer{i + 1}";
            string[] inputs = quantization is null
                ? AddFloatWeights(graph, name, layer, x)
                : quantization.AddQuantized(graph, name, i, layer, x);
            string convolved = $"{name}.conv";
            graph.Node.Add(OnnxGraph.Node(
                spec.Transposed ? "ConvTranspose" : "Conv",
                convolved,
                inputs,
                [convolved],
                OnnxGraph.Ints("kernel_shape", spec.Kernel, spec.Kernel),
                OnnxGraph.Ints("strides", spec.Stride, spec.Stride),
                OnnxGraph.Ints("pads", spec.Padding, spec.Padding, spec.Padding, spec.Padding),
                OnnxGraph.Ints("dilations", spec.Dilation, spec.Dilation)));
            bool last = i == layers.Count - 1;
            if (last && info.Prefill == HolePrefill.FastMarching)
            {
                AddResidualOutput(graph, convolved);
                break;
            }

            string activated = last ? GlcicModelInfo.OutputName : $"{name}.relu";
            graph.Node.Add(OnnxGraph.Node(last ? "Sigmoid" : "Relu", activated, [convolved], [activated]));
            x = activated;
        }

        var model = new ModelProto
        {
            IrVersion = 8,
            ProducerName = "GlcicML",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0",
            Domain = "ai.glcicml",
            ModelVersion = info.Iterations,
            DocString = "GLCIC completion network (Iizuka, Simo-Serra, Ishikawa, SIGGRAPH 2017): input N x 4 x H x W in [0, 1] " +
                "(RGB with holes prefilled as glcic.prefill says: the mean colour in metadata, or fast marching, then the mask, 1 = hole), H and W multiples of 4; output N x 3 x H x W in [0, 1].",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        foreach ((string key, string value) in info.ToProperties())
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return model;
    }

    /// <summary>output = clip(input's R, G, B + correction, 0, 1): the residual network's head (see <see cref="CompletionNetwork"/>).</summary>
    private static void AddResidualOutput(GraphProto graph, string correction)
    {
        graph.Initializer.Add(OnnxGraph.Raw("residual.starts", OnnxGraph.Int64Type, [1], BitConverter.GetBytes(0L)));
        graph.Initializer.Add(OnnxGraph.Raw("residual.ends", OnnxGraph.Int64Type, [1], BitConverter.GetBytes((long)CompletionNetworkSpec.OutputChannels)));
        graph.Initializer.Add(OnnxGraph.Raw("residual.axes", OnnxGraph.Int64Type, [1], BitConverter.GetBytes(1L)));
        graph.Initializer.Add(OnnxGraph.Tensor("residual.min", [], [0f]));
        graph.Initializer.Add(OnnxGraph.Tensor("residual.max", [], [1f]));
        graph.Node.Add(OnnxGraph.Node("Slice", "residual.prefill", [GlcicModelInfo.InputName, "residual.starts", "residual.ends", "residual.axes"], ["residual.prefill"]));
        graph.Node.Add(OnnxGraph.Node("Add", "residual.add", ["residual.prefill", correction], ["residual.sum"]));
        graph.Node.Add(OnnxGraph.Node("Clip", "residual.clip", ["residual.sum", "residual.min", "residual.max"], [GlcicModelInfo.OutputName]));
    }

    private static string[] AddFloatWeights(GraphProto graph, string name, FoldedLayer layer, string input)
    {
        graph.Initializer.Add(OnnxGraph.Tensor($"{name}.weight", layer.WeightShape, layer.Weight));
        graph.Initializer.Add(OnnxGraph.Tensor($"{name}.bias", [layer.Spec.OutChannels], layer.Bias));
        return [input, $"{name}.weight", $"{name}.bias"];
    }

    /// <summary>Formats a number for ONNX names and metadata.</summary>
    internal static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
