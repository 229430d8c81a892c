using GlcicML.Imaging;
using GlcicML.Tests.TestSupport;

namespace GlcicML.Tests.Imaging;

public class ImageFilesTests
{
    [Fact]
    public void Find_ListsImagesRecursively_InOrdinalOrder_SkippingDotNamesAndOtherExtensions()
    {
        using var temp = new TempFolder();
        foreach (string name in new[] { "b.png", "a.JPG", "sub/c.jpeg", "sub/deeper/d.png", "notes.txt", ".hidden.png", ".cache/e.png", "sub/.f.png.0123.tmp" })
        {
            temp.WriteBytes(name, [0]);
        }

        Assert.Equal(["a.JPG", "b.png", "sub/c.jpeg", "sub/deeper/d.png"], ImageFiles.Find(temp.Path));
        Assert.Equal(["", "sub", "sub/deeper"], ImageFiles.EnumerateByFolder(temp.Path).Select(f => f.RelativePath));
    }

    [Fact]
    public void LinkedFolders_AreFollowedOnce_AndALinkBackUpTheTreeDoesNotLoop()
    {
        using var temp = new TempFolder();
        temp.WriteBytes("data/real/a.png", [0]);
        temp.WriteBytes("elsewhere/b.png", [0]);
        Directory.CreateSymbolicLink(temp.Combine("data", "linked"), temp.Combine("elsewhere"));
        Directory.CreateSymbolicLink(temp.Combine("data", "real", "loop"), temp.Combine("data"));

        Assert.Equal(["linked/b.png", "real/a.png"], ImageFiles.Find(temp.Combine("data")));
    }
}
