using GlcicML.Batch;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Tests.Batch;

public class OutputPathsTests
{
    [Fact]
    public void PlainRelativePaths_MapInsideTheFolder_AsPng()
    {
        using var temp = new TempFolder();

        Assert.Equal(temp.Combine("out", "a", "b.png"), OutputPaths.Resolve(temp.Combine("out"), "a/b.jpg"));
        Assert.Equal(temp.Combine("out", "c.png"), OutputPaths.Resolve(temp.Combine("out"), "c.PNG"));
    }

    [Theory]
    [InlineData("../escape.png")]
    [InlineData("a/../../escape.png")]
    [InlineData("/etc/passwd")]
    [InlineData("./a.png")]
    [InlineData("a//b.png")]
    [InlineData("")]
    public void OddNames_AreRefused(string relative)
    {
        using var temp = new TempFolder();

        Assert.Throws<UnsafeOutputPathException>(() => OutputPaths.Resolve(temp.Combine("out"), relative));
    }

    [Fact]
    public void SymbolicLinks_LeadingOutOfTheFolder_AreRefused_LinksInsideAreFine()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Combine("outside"));
        Directory.CreateDirectory(temp.Combine("out", "real"));
        Directory.CreateSymbolicLink(temp.Combine("out", "away"), temp.Combine("outside"));
        Directory.CreateSymbolicLink(temp.Combine("out", "alias"), temp.Combine("out", "real"));
        File.WriteAllText(temp.Combine("outside", "target.png"), "x");
        File.CreateSymbolicLink(temp.Combine("out", "link.png"), temp.Combine("outside", "target.png"));

        var folder = Assert.Throws<UnsafeOutputPathException>(() => OutputPaths.Resolve(temp.Combine("out"), "away/x.png"));
        Assert.Contains("outside the output folder", folder.Message, StringComparison.Ordinal);
        Assert.Throws<UnsafeOutputPathException>(() => OutputPaths.Resolve(temp.Combine("out"), "link.png"));
        Assert.Equal(temp.Combine("out", "alias", "x.png"), OutputPaths.Resolve(temp.Combine("out"), "alias/x.png"));
    }
}
