using System.Runtime.InteropServices;

namespace MiniMarket.ServiceDefaults;

/// <summary>
/// Native image buffers (ml's decoded page and its scaled, blurred and binarised copies in OpenCV; the demo traffic's
/// invoices rendered and photographed in SkiaSharp: megabytes each) come from the C library's malloc, not from the GC.
/// glibc raises its mmap threshold each time such a block is freed (up to 32 MiB), so the next pages' buffers come from
/// its heaps, which it keeps: the OCR benchmark's process (it renders the corpus and reads it) held 567–776 MiB of
/// anonymous memory after 54 pages with 31 MiB committed by the GC, and malloc_trim gave 650 MiB back. A fixed threshold
/// maps every block of 128 KiB or more on its own and unmaps it when freed: 173–178 MiB at the end instead of 670–879,
/// the same pages per second.
/// </summary>
public static class NativeAllocator
{
    /// <summary>glibc's M_MMAP_THRESHOLD (malloc.h).</summary>
    private const int MmapThreshold = -3;

    /// <summary>The threshold: below it small buffers (rows, contours) stay in malloc's heaps, where they are cheap.</summary>
    public const int LargeBlock = 128 * 1024;

    private static int _applied;

    /// <summary>
    /// Sets the process' mmap threshold once; true when glibc took it. False elsewhere (no glibc: musl, macOS, Windows),
    /// where the allocator's defaults stay.
    /// </summary>
    public static bool MapLargeBlocksApart()
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (Volatile.Read(ref _applied) != 0) return _applied == 1;
        bool taken;
        try
        {
            taken = MallOpt(MmapThreshold, LargeBlock) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            taken = false;
        }
        Interlocked.CompareExchange(ref _applied, taken ? 1 : 2, 0);
        return _applied == 1;
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
}
