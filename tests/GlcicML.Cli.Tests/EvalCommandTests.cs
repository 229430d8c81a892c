using System.Text.Json;
using GlcicML.Imaging;
using GlcicML.Cli.Tests.TestSupport;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Cli.Tests;

public class EvalCommandTests
{
    [Fact]
    public void Eval_PrintsATablePerMethod_AndWritesPerImageJson_SameNumbersEveryRun()
    {
        using var temp = new TempFolder();
        RgbImage.Load(Samples.PathOf("astronaut.png")).Resize(128, 128).Save(temp.Combine("data", "a.png"));
        RgbImage.Load(Samples.PathOf("coffee.png")).Resize(150, 100).Save(temp.Combine("data", "b.png"));
        string[] args = ["eval", "--model", Samples.TinyModel, "-d", temp.Combine("data"), "--random-masks", "Rectangles", "--seed", "4"];

        (int exit, string stdout, _) = Glcic.Run([.. args, "-o", temp.Combine("m1.json")]);
        (_, string again, _) = Glcic.Run([.. args, "-o", temp.Combine("m2.json")]);

        Assert.Equal(0, exit);
        foreach (string method in new[] { "| model |", "| model+postprocess |", "| telea-r5 |", "| mean-fill |" })
        {
            Assert.Contains(method, stdout, StringComparison.Ordinal);
        }

        Assert.Equal(stdout.Replace("m1.json", "m2.json", StringComparison.Ordinal), again);
        (_, string perImage, _) = Glcic.Run([.. args, "--per-image"]);
        Assert.Contains("| image | holes | model hole L1 | model+postprocess hole L1 | telea-r5 hole L1 | mean-fill hole L1 |", perImage, StringComparison.Ordinal);
        Assert.Contains("| a.png |", perImage, StringComparison.Ordinal);
        Assert.Contains("| b.png |", perImage, StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(temp.Combine("m1.json")));
        Assert.Equal(2, json.RootElement.GetProperty("images").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("images")[0].GetProperty("methods").GetProperty("telea-r5").GetProperty("hole").GetProperty("ssim").GetDouble() < 1);
    }

    [Fact]
    public void Eval_WithASkippedImage_ExitsOne_AndAnUnwritableOutput_FailsBeforeScoring()
    {
        using var temp = new TempFolder();
        RgbImage.Load(Samples.PathOf("astronaut.png")).Resize(128, 128).Save(temp.Combine("data", "a.png"));
        temp.WriteBytes("data/broken.png", "not an image"u8.ToArray());
        Directory.CreateDirectory(temp.Combine("a-folder.json"));
        string[] args = ["eval", "--model", Samples.TinyModel, "-d", temp.Combine("data"), "--random-masks", "Rectangles", "--seed", "4"];

        (int skipped, string stdout, string stderr) = Glcic.Run(args);
        (int unwritable, string unwritableOut, string unwritableError) = Glcic.Run([.. args, "-o", temp.Combine("a-folder.json")]);

        Assert.Equal(1, skipped);
        Assert.Contains("1 images scored", stdout, StringComparison.Ordinal);
        Assert.Contains("broken.png", stderr, StringComparison.Ordinal);
        Assert.Equal(2, unwritable);
        Assert.Contains("a-folder.json", unwritableError, StringComparison.Ordinal);
        Assert.DoesNotContain("images scored", unwritableOut, StringComparison.Ordinal);
    }
}
