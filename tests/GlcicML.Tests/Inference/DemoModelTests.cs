using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using GlcicML.Inference;

namespace GlcicML.Tests.Inference;

/// <summary>The shipped demo model (models/glcic-demo.onnx) matches its model card (models/README.md).</summary>
public partial class DemoModelTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "ShippedModels");

    private static string Card => File.ReadAllText(Path.Combine(Folder, "README.md"));

    [Fact]
    public void Sha256_IsTheOneOnTheModelCard()
    {
        Match stated = Sha256Line().Match(Card);
        Assert.True(stated.Success, "models/README.md has no 'SHA-256: `<64 hex digits>`' line");

        string actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder, "glcic-demo.onnx"))));

        Assert.True(stated.Groups[1].Value == actual,
            $"models/glcic-demo.onnx has SHA-256 {actual}, the card says {stated.Groups[1].Value}: update the card (and its figures) with the model.");
    }

    [Fact]
    public void Metadata_AgreesWithTheModelCard()
    {
        using var inpainter = GlcicInpainter.Load(Path.Combine(Folder, "glcic-demo.onnx"));
        GlcicModelInfo info = inpainter.ModelInfo;

        Assert.Contains($"--iterations {info.Iterations.ToString(CultureInfo.InvariantCulture)}", Card, StringComparison.Ordinal);
        Assert.Contains($"--width {info.WidthMultiplier.ToString(CultureInfo.InvariantCulture)}", Card, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(Folder, "glcic-demo.onnx")).Length < 8 << 20, "the demo model must stay small enough to commit");
    }

    [GeneratedRegex("SHA-256: `([0-9a-f]{64})`")]
    private static partial Regex Sha256Line();
}
