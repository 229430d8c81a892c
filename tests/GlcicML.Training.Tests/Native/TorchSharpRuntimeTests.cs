using GlcicML.Training.Native;
using static TorchSharp.torch;

namespace GlcicML.Training.Tests.Native;

public class TorchSharpRuntimeTests
{
    [Fact]
    public void TorchSharp_LoadsAndComputes()
    {
        string report = TorchSharpRuntime.EnsureLoaded();

        using Tensor x = ones(2, 3);
        using Tensor sum = x.sum();

        Assert.Equal(6f, sum.item<float>());
        Assert.False(string.IsNullOrEmpty(report));
    }

    [Fact]
    public void EveryLibraryThisProcessLoads_IsLoadableOnThisSystem()
    {
        TorchSharpRuntime.EnsureLoaded();
        bool systemHasVersion = TorchSharpRuntime.StdCxxHasRequiredVersion();

        foreach (string library in TorchSharpRuntime.PatchTargets())
        {
            IReadOnlyList<ElfVersionNeeds.Need> needs = ElfVersionNeeds.Read(File.ReadAllBytes(library));
            ElfVersionNeeds.Need need = Assert.Single(needs, n => n.Library == TorchSharpRuntime.StdCxx && n.Version == TorchSharpRuntime.MissingVersion);
            Assert.True(systemHasVersion || need.IsWeak, $"{library} still has a strong {TorchSharpRuntime.MissingVersion} need on a system without it");
        }
    }

    [Fact]
    public void AnAppRun_RewritesOnlyCopiesInsideTheAppFolder_NeverTheNuGetCache()
    {
        string app = Path.GetFullPath(AppContext.BaseDirectory);

        Assert.StartsWith(app, Path.GetFullPath(typeof(TorchSharp.torch).Assembly.Location), StringComparison.Ordinal);
        Assert.NotEmpty(TorchSharpRuntime.PatchTargets());
        Assert.All(TorchSharpRuntime.PatchTargets(), target => Assert.StartsWith(app, target, StringComparison.Ordinal));
    }

    [Fact]
    public void TheWorkaround_IsForTorchSharp0107_ReviewItWhenTorchSharpChanges()
    {
        // TorchSharp 0.107's libLibTorchSharp.so asks for GLIBCXX_3.4.32 (GCC 13). When this fails after an upgrade,
        // check whether the new native library still does (ElfVersionNeeds.Read); if not, delete TorchSharpRuntime's patching.
        Assert.Equal(new Version(0, 107, 0, 0), typeof(TorchSharp.torch).Assembly.GetName().Version);
    }

    [Fact]
    public void MakeWeak_ChangesOnlyTheFlagsOfThatOneNeed_AndIsIdempotent()
    {
        string original = TorchSharpRuntime.CandidateLibraries().First();
        byte[] bytes = File.ReadAllBytes(original);
        // Start from a strong need whatever state the file is in, then weaken it.
        ElfVersionNeeds.Need need = ElfVersionNeeds.Read(bytes).Single(n => n.Version == TorchSharpRuntime.MissingVersion);
        bytes[need.FlagsOffset] &= unchecked((byte)~0x2);
        byte[] before = (byte[])bytes.Clone();

        int first = ElfVersionNeeds.MakeWeak(bytes, TorchSharpRuntime.StdCxx, TorchSharpRuntime.MissingVersion);
        int second = ElfVersionNeeds.MakeWeak(bytes, TorchSharpRuntime.StdCxx, TorchSharpRuntime.MissingVersion);

        Assert.Equal(1, first);
        Assert.Equal(0, second);
        int[] changed = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] != before[i]).ToArray();
        Assert.Equal([need.FlagsOffset], changed);
        Assert.All(ElfVersionNeeds.Read(bytes).Where(n => n.Version != TorchSharpRuntime.MissingVersion), n =>
            Assert.Equal(ElfVersionNeeds.Read(before).Single(b => b.Library == n.Library && b.Version == n.Version).IsWeak, n.IsWeak));
    }

    [Fact]
    public void Read_RejectsNonElfFiles()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read("not an elf file at all, just text.........................................."u8));
    }
}
