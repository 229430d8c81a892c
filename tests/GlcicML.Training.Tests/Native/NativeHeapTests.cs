using System.Runtime.InteropServices;
using GlcicML.Training.Native;

namespace GlcicML.Training.Tests.Native;

public partial class NativeHeapTests
{
    // Larger than glibc's largest mmap threshold (32 MB on 64-bit): by default every such block is a fresh mapping.
    private const int Block = 48 << 20;

    [Fact]
    public unsafe void KeepFreedMemory_ServesLargeBlocksFromTheHeapAndKeepsThemForReuse()
    {
        string report = NativeHeap.KeepFreedMemory();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Contains("default", report, StringComparison.Ordinal);
            return;
        }

        Assert.Contains("kept for reuse", report, StringComparison.Ordinal); // this repository's CI: Debian's glibc, no GLIBC_TUNABLES
        MallInfo2 before = MallInfo();
        byte* first = (byte*)NativeMemory.Alloc(Block);
        new Span<byte>(first, Block).Fill(1); // fault the pages in
        MallInfo2 holding = MallInfo();
        NativeMemory.Free(first);
        MallInfo2 freed = MallInfo();
        byte* second = (byte*)NativeMemory.Alloc(Block);
        MallInfo2 again = MallInfo();
        NativeMemory.Free(second);

        Assert.True(holding.MmappedBytes - before.MmappedBytes < Block / 2, $"the block was mapped on its own: {holding.MmappedBytes - before.MmappedBytes} bytes more in mmapped regions");
        Assert.True(freed.FreeBytes >= Block, $"the freed block went back to the kernel: {freed.FreeBytes} free bytes left in the heap");
        Assert.True(again.ArenaBytes - holding.ArenaBytes < Block / 2, "the second block of the same size did not reuse the first's memory");
    }

    private static MallInfo2 MallInfo() => MallInfo2Native();

    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    private static partial MallInfo2 MallInfo2Native();

    // glibc's struct mallinfo2: ten size_t fields.
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallInfo2
    {
        public readonly nuint ArenaBytes, OrdinaryBlocks, SmallBlocks, MmappedBlocks, MmappedBytes, MaxAllocated, FastFreeBytes, AllocatedBytes, FreeBytes, KeepCost;
    }
}
