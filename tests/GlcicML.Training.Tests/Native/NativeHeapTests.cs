using System.Runtime.InteropServices;
using GlcicML.Benchmarks;
using GlcicML.Training.Native;

namespace GlcicML.Training.Tests.Native;

// Alone, like the torch tests: the assertions read process-wide heap figures and resident memory.
[Collection("Torch")]
public partial class NativeHeapTests
{
    // Larger than glibc's largest mmap threshold (32 MB on 64-bit): by default every such block is a fresh mapping.
    private const int Block = 48 << 20;

    // A thread on one of glibc's secondary arenas unmaps a 64 MB sub-heap once all of it is free, whatever the
    // policy; which arena a test thread gets is up to glibc. So on a secondary arena the tests keep a small block
    // alive in the large block's sub-heap (glibc's chunk header and heap alignment, stable for decades).
    private const int Guard = 1 << 20;
    private const long SubHeap = 64L << 20;
    private const nuint NonMainArena = 4;

    [Fact]
    public unsafe void KeepFreedMemory_ServesLargeBlocksFromTheHeap()
    {
        if (!PolicyApplies())
        {
            return;
        }

        MallInfo2 before = MallInfo();
        byte* block = (byte*)NativeMemory.Alloc(Block);
        MallInfo2 holding = MallInfo();
        NativeMemory.Free(block);

        Assert.True(holding.MmappedBytes - before.MmappedBytes < Block / 2, $"the block was mapped on its own: {holding.MmappedBytes - before.MmappedBytes} bytes more in mmapped regions");
    }

    [Fact]
    public unsafe void KeepFreedMemory_KeepsAFreedBlockForTheNextOfItsSize()
    {
        if (!PolicyApplies())
        {
            return;
        }

        byte* first = (byte*)NativeMemory.Alloc(Block);
        new Span<byte>(first, Block).Fill(1); // fault the pages in
        List<nint> guards = GuardItsSubHeap(first);
        long holding = ResidentBytes();
        NativeMemory.Free(first);
        MallInfo2 freed = MallInfo();
        long kept = ResidentBytes();
        byte* second = (byte*)NativeMemory.Alloc(Block);
        bool sameArena = ArenaOf(second) == ArenaOf(first);
        NativeMemory.Free(second);
        guards.ForEach(guard => NativeMemory.Free((void*)guard));

        Assert.True(freed.FreeBytes >= Block, $"the freed block went back to the kernel: {freed.FreeBytes} free bytes left in the heap");
        Assert.True(holding - kept < Block / 2, $"resident memory fell by {(holding - kept) >> 20} MB when the block was freed");

        // Reuse means the same memory, not the same address: freeing merges the block with free neighbours (a small
        // chunk before it that another thread freed meanwhile), so the next block may start a few bytes earlier. And
        // glibc sometimes moves a thread to another arena between two calls (about 1 run in 20 here, when an
        // allocation fails in the thread's own arena it retries in another and stays there); a block freed in one
        // arena is never served by another, whatever the policy, so reuse is only asked of the same arena.
        if (sameArena)
        {
            Assert.True(Math.Abs((long)second - (long)first) < Guard, $"the second block of the same size did not reuse the first's memory: {(nint)second:x} against {(nint)first:x}");
        }
    }

    [Fact]
    public unsafe void ReturnFreedMemory_HandsAPeakFreedInItsScopeBackToTheKernel_ThenKeepsAgain()
    {
        if (!PolicyApplies())
        {
            NativeHeap.ReturnFreedMemory().Dispose();
            return;
        }

        byte* block = (byte*)NativeMemory.Alloc(Block);
        new Span<byte>(block, Block).Fill(1);
        long full = ResidentBytes();
        using (NativeHeap.ReturnFreedMemory())
        {
            NativeMemory.Free(block); // at the top or not, on whichever arena
        }

        long returned = ResidentBytes();
        byte* next = (byte*)NativeMemory.Alloc(Block);
        new Span<byte>(next, Block).Fill(1);
        List<nint> guards = GuardItsSubHeap(next);
        long holding = ResidentBytes();
        NativeMemory.Free(next);
        long kept = ResidentBytes();
        guards.ForEach(guard => NativeMemory.Free((void*)guard));

        Assert.True(full - returned > Block / 2, $"resident memory fell by {(full - returned) >> 20} MB, not by most of the {Block >> 20} MB freed");
        Assert.True(holding - kept < Block / 2, $"after the scope, resident memory fell by {(holding - kept) >> 20} MB when a block was freed");
    }

    private static unsafe List<nint> GuardItsSubHeap(byte* block)
    {
        var guards = new List<nint>();
        if ((((nuint*)block)[-1] & NonMainArena) == 0)
        {
            return guards; // the main arena is one heap: nothing unmaps it
        }

        while (guards.Count < 256)
        {
            nint guard = (nint)NativeMemory.Alloc(Guard);
            guards.Add(guard);
            if ((guard & ~(nint)(SubHeap - 1)) == ((nint)block & ~(nint)(SubHeap - 1)))
            {
                return guards;
            }
        }

        guards.ForEach(guard => NativeMemory.Free((void*)guard));
        throw new InvalidOperationException("no small block landed in the large block's sub-heap");
    }

    // The main arena (0) or the secondary arena owning the block: the first field of the sub-heap's header.
    private static unsafe nint ArenaOf(byte* block) => (((nuint*)block)[-1] & NonMainArena) == 0 ? 0 : *(nint*)((nint)block & ~(nint)(SubHeap - 1));

    // Applies the policy; false (after checking the report says so) where it cannot apply.
    private static bool PolicyApplies()
    {
        string report = NativeHeap.KeepFreedMemory();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Contains("default", report, StringComparison.Ordinal);
            return false;
        }

        Assert.Contains("kept for reuse", report, StringComparison.Ordinal); // this repository's CI: Debian's glibc, no GLIBC_TUNABLES
        return true;
    }

    private static long ResidentBytes() => (long)(BenchmarkSupport.ResidentMegabytes() * (1 << 20));

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
