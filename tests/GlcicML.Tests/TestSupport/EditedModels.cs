namespace GlcicML.Tests.TestSupport;

/// <summary>Variants of the tiny test model (<see cref="Samples.TinyModel"/>), edited as ONNX protobuf, for the refusal tests.</summary>
internal static class EditedModels
{
    public static byte[] WithoutMetadata() => Edit(m => m.MetadataProps.Clear());

    public static byte[] WithMetadata(string key, string value) => Edit(m =>
    {
        Onnx.StringStringEntryProto? entry = m.MetadataProps.FirstOrDefault(p => p.Key == key);
        if (entry is null)
        {
            m.MetadataProps.Add(new Onnx.StringStringEntryProto { Key = key, Value = value });
        }
        else
        {
            entry.Value = value;
        }
    });

    /// <summary>The output replaced by the network's output times a constant (NaN or infinity).</summary>
    public static byte[] WithConstantOutput(float value) => Edit(m =>
    {
        Onnx.NodeProto last = RenameOutput(m, "raw");
        m.Graph.Initializer.Add(new Onnx.TensorProto { Name = "poison", DataType = (int)Onnx.TensorProto.Types.DataType.Float, FloatData = { value } });
        m.Graph.Node.Add(new Onnx.NodeProto { OpType = "Mul", Name = "poisoned", Input = { last.Output[0], "poison" }, Output = { "output" } });
    });

    /// <summary>The output's last column cut off, so it is no longer the input's size.</summary>
    public static byte[] WithCroppedOutput() => Edit(m =>
    {
        RenameOutput(m, "full");
        foreach ((string name, long value) in new[] { ("starts", 0L), ("ends", -1L), ("axes", 3L) })
        {
            m.Graph.Initializer.Add(new Onnx.TensorProto { Name = "crop." + name, DataType = (int)Onnx.TensorProto.Types.DataType.Int64, Dims = { 1 }, Int64Data = { value } });
        }

        m.Graph.Node.Add(new Onnx.NodeProto { OpType = "Slice", Name = "crop", Input = { "full", "crop.starts", "crop.ends", "crop.axes" }, Output = { "output" } });
    });

    /// <summary>The tiny model as editable protobuf.</summary>
    public static Onnx.ModelProto Load() => Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(Samples.TinyModel));

    public static byte[] ToBytes(Onnx.ModelProto model) => Google.Protobuf.MessageExtensions.ToByteArray(model);

    private static Onnx.NodeProto RenameOutput(Onnx.ModelProto model, string name)
    {
        Onnx.NodeProto last = model.Graph.Node.Single(n => n.Output.Contains("output"));
        last.Output[last.Output.IndexOf("output")] = name;
        return last;
    }

    private static byte[] Edit(Action<Onnx.ModelProto> edit)
    {
        Onnx.ModelProto model = Load();
        edit(model);
        return ToBytes(model);
    }
}
