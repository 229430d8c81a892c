using Google.Protobuf;
using Onnx;

namespace GlcicML.Training.Export;

/// <summary>Small helpers to write ONNX graphs with OnnxSharp's protobuf types.</summary>
internal static class OnnxGraph
{
    public const int FloatType = (int)TensorProto.Types.DataType.Float;
    public const int Int8Type = (int)TensorProto.Types.DataType.Int8;
    public const int UInt8Type = (int)TensorProto.Types.DataType.Uint8;
    public const int Int32Type = (int)TensorProto.Types.DataType.Int32;
    public const int Int64Type = (int)TensorProto.Types.DataType.Int64;

    public static TensorProto Tensor(string name, long[] dims, ReadOnlySpan<float> values) =>
        Raw(name, FloatType, dims, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));

    public static TensorProto Raw(string name, int dataType, long[] dims, ReadOnlySpan<byte> littleEndianBytes)
    {
        var tensor = new TensorProto { Name = name, DataType = dataType, RawData = ByteString.CopyFrom(littleEndianBytes) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    public static NodeProto Node(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float tensor input or output whose dimensions are named (dynamic) or fixed.</summary>
    public static ValueInfoProto FloatTensor(string name, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object dim in dims)
        {
            shape.Dim.Add(dim is string symbol ? new TensorShapeProto.Types.Dimension { DimParam = symbol } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture) });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = FloatType, Shape = shape } },
        };
    }
}
