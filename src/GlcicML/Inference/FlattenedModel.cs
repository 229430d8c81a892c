using Google.Protobuf;
using Onnx;

namespace GlcicML.Inference;

/// <summary>
/// Wraps a GlcicML model so that its tensors are flat: <c>__glcic_pixels</c> (1×L, the N×4×H×W input flattened) and
/// <c>__glcic_shape</c> (its four dimensions) in, <c>__glcic_completed</c> (1×L', the N×3×H×W output flattened) out,
/// with Reshape nodes inside. ML.NET's OnnxTransformer accepts only one unknown dimension per input, and treats an
/// unknown leading dimension as the batch (forcing it to 1), hence the fixed leading 1;
/// this form lets it carry images of any size per row, and GlcicML's own batching runtime runs the very same graph,
/// so both paths compute the same numbers.
/// </summary>
internal static class FlattenedModel
{
    public const string Pixels = "__glcic_pixels";
    public const string Shape = "__glcic_shape";
    public const string Completed = "__glcic_completed";
    private const string FlatShape = "__glcic_flat_shape";

    /// <summary>Reads and checks a model; returns the flattened graph and the model's metadata.</summary>
    /// <exception cref="InvalidDataException">Not an ONNX model, not a GlcicML model, or inputs/outputs of the wrong shape.</exception>
    public static (byte[] Flattened, GlcicModelInfo Info) Create(byte[] model, string source)
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(model);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"'{source}' is not an ONNX model ({e.Message}).", e);
        }

        if (proto.Graph is null)
        {
            throw new InvalidDataException($"'{source}' is not an ONNX model (it has no graph).");
        }

        GraphProto graph = proto.Graph;
        string[] inputs = [.. graph.Input.Select(i => i.Name).Where(n => graph.Initializer.All(t => t.Name != n))];
        string[] outputs = [.. graph.Output.Select(o => o.Name)];
        RequireTensor(graph.Input, inputs, GlcicModelInfo.InputName, 4, source, "input", "N×4×H×W: R, G, B with holes mean-filled, and the mask");
        RequireTensor(graph.Output, outputs, GlcicModelInfo.OutputName, 3, source, "output", "N×3×H×W: the completed R, G, B");
        GlcicModelInfo info = GlcicModelInfo.FromProperties(proto.MetadataProps.ToDictionary(p => p.Key, p => p.Value), source);

        graph.Input.Remove(graph.Input.Single(i => i.Name == GlcicModelInfo.InputName));
        graph.Input.Add(Tensor(Pixels, (int)TensorProto.Types.DataType.Float, 1, null));
        graph.Input.Add(Tensor(Shape, (int)TensorProto.Types.DataType.Int64, 4));
        graph.Node.Insert(0, new NodeProto { OpType = "Reshape", Name = "__glcic_unflatten", Input = { Pixels, Shape }, Output = { GlcicModelInfo.InputName } });

        var flatShape = new TensorProto { Name = FlatShape, DataType = (int)TensorProto.Types.DataType.Int64, Dims = { 2 }, Int64Data = { 1, -1 } };
        graph.Initializer.Add(flatShape);
        graph.Node.Add(new NodeProto { OpType = "Reshape", Name = "__glcic_flatten", Input = { GlcicModelInfo.OutputName, FlatShape }, Output = { Completed } });
        graph.Output.Clear();
        graph.Output.Add(Tensor(Completed, (int)TensorProto.Types.DataType.Float, 1, null));
        return (proto.ToByteArray(), info);
    }

    private static void RequireTensor(IEnumerable<ValueInfoProto> declared, string[] names, string expected, int channels, string source, string kind, string meaning)
    {
        ValueInfoProto? tensor = declared.FirstOrDefault(v => v.Name == expected);
        bool ok = names.Length == 1 && tensor is not null && tensor.Type?.TensorType?.Shape is { } shape && shape.Dim.Count == 4
            && (shape.Dim[1].DimValue == channels || !string.IsNullOrEmpty(shape.Dim[1].DimParam));
        if (!ok)
        {
            string found = string.Join(", ", declared.Where(v => names.Contains(v.Name)).Select(Describe));
            throw new InvalidDataException($"'{source}' is not a GlcicML completion network: expected one {kind} '{expected}' of shape {meaning}; found {(found.Length == 0 ? "none" : found)}.");
        }
    }

    private static string Describe(ValueInfoProto value)
    {
        var dims = value.Type?.TensorType?.Shape?.Dim.Select(d => string.IsNullOrEmpty(d.DimParam) ? d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture) : d.DimParam);
        return $"'{value.Name}' [{(dims is null ? "?" : string.Join("×", dims))}]";
    }

    /// <summary>A tensor type whose dimensions are fixed (a number) or unknown (null).</summary>
    private static ValueInfoProto Tensor(string name, int elementType, params int?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (int? dim in dims)
        {
            shape.Dim.Add(dim is int size ? new TensorShapeProto.Types.Dimension { DimValue = size } : new TensorShapeProto.Types.Dimension { DimParam = name + "_length" });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } },
        };
    }
}
