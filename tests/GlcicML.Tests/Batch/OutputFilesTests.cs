using GlcicML.Batch;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Tests.Batch;

public class OutputFilesTests
{
    [Fact]
    public void IsCompletePng_OnlyForWholePngFiles()
    {
        using var temp = new TempFolder();
        Samples.Gradient(20, 10).Save(temp.Combine("whole.png"));
        byte[] whole = File.ReadAllBytes(temp.Combine("whole.png"));
        temp.WriteBytes("cut.png", whole[..(whole.Length - 5)]);
        temp.WriteBytes("empty.png", []);
        temp.WriteBytes("text.png", "not a png at all, just text"u8.ToArray());

        Assert.True(OutputFiles.IsCompletePng(temp.Combine("whole.png")));
        Assert.False(OutputFiles.IsCompletePng(temp.Combine("cut.png")));
        Assert.False(OutputFiles.IsCompletePng(temp.Combine("empty.png")));
        Assert.False(OutputFiles.IsCompletePng(temp.Combine("text.png")));
        Assert.False(OutputFiles.IsCompletePng(temp.Combine("missing.png")));
    }

    [Fact]
    public void RemoveLeftovers_DeletesOnlyTheseOutputsTemporaryFiles()
    {
        using var temp = new TempFolder();
        string mine = temp.WriteBytes(".a.png.0123456789abcdef0123456789abcdef.tmp", [1]);
        string othersShard = temp.WriteBytes(".b.png.0123456789abcdef0123456789abcdef.tmp", [1]);
        string notOurs = temp.WriteBytes(".a.png.notahexguid.tmp", [1]);

        int removed = OutputFiles.RemoveLeftovers([temp.Combine("a.png")]);

        Assert.Equal(1, removed);
        Assert.False(File.Exists(mine));
        Assert.True(File.Exists(othersShard));
        Assert.True(File.Exists(notOurs));
    }
}
