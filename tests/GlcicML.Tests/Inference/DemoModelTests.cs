using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using GlcicML.Evaluation;
using GlcicML.Imaging;
using GlcicML.Inference;
using GlcicML.Masks;

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

    [Theory]
    [InlineData("brick.png")]
    [InlineData("grass.png")]
    [InlineData("horse.png")]
    public void OnAGrayPhoto_TheFillStaysGray(string photo)
    {
        using var inpainter = GlcicInpainter.Load(Path.Combine(Folder, "glcic-demo.onnx"));
        RgbImage image = RgbImage.Load(Path.Combine(AppContext.BaseDirectory, "SamplePhotos", photo));
        InpaintingMask mask = MaskGenerator.Generate(image.Width, image.Height, MaskGeneratorOptions.AuthorsInference, MaskSeed.ForKey(0, photo));

        RgbImage completed = inpainter.Inpaint(image, mask);

        Assert.True(ImageMetrics.IsGray(image), $"{photo} is a gray photo");
        double spread = ImageMetrics.ChannelSpread(completed, mask);
        Assert.True(spread <= 2, $"the fill of {photo} differs between colour channels by {spread:F1} levels on average (issue #13 allows 2)");
    }

    [GeneratedRegex("SHA-256: `([0-9a-f]{64})`")]
    private static partial Regex Sha256Line();
}
