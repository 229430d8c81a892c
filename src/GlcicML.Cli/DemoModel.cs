namespace GlcicML.Cli;

/// <summary>The demo model (models/glcic-demo.onnx, see models/README.md) compiled into the tool, so <c>glcic demo</c> needs no files.</summary>
internal static class DemoModel
{
    private const string ResourceName = "DemoModel/glcic-demo.onnx";

    public static byte[] Read()
    {
        using Stream stream = typeof(DemoModel).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The tool was built without its demo model ({ResourceName}); pass --model <file.onnx>.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
