using MiniMarket.Agents.Ml.Ocr;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Tests.Ml.Ocr;

/// <summary>
/// The ml agent's malloc setting (<see cref="NativeAllocator"/>): taken by glibc here (Debian, as in the image's Ubuntu),
/// once, whoever calls first. Its effect on memory is measured by the OCR benchmark, not asserted.
/// </summary>
public class NativeAllocatorTests
{
    [Fact]
    public void GlibcTakesTheMmapThreshold_AndASecondCallChangesNothing()
    {
        Assert.True(OperatingSystem.IsLinux(), "these tests run on Linux (Debian), as the agents do");
        Assert.True(NativeAllocator.MapLargeBlocksApart());
        Assert.True(NativeAllocator.MapLargeBlocksApart());
    }

    [Fact]
    public async Task TheOcrStillReadsAPageWithTheSetting()
    {
        // The setting changes where OpenCV's buffers come from, not what they hold: a generated page still decodes and
        // prepares (binary and grey bands of the page's size).
        Assert.True(NativeAllocator.MapLargeBlocksApart());
        var invoice = MiniMarket.InvoiceCorpus.InvoiceCorpus.Generate(31, MiniMarket.InvoiceCorpus.DegradationKinds.Clean, MiniMarket.InvoiceCorpus.InvoiceLayouts.Afip);
        var prepared = await Task.Run(() => new InvoiceImagePreprocessor().Prepare(invoice.Pages[^1], 2, readQr: true));
        Assert.NotEmpty(prepared.Binary);
        Assert.Equal(prepared.Binary.Count, prepared.Grey.Count);
        Assert.True(prepared.Width > 1000);
        Assert.Equal(invoice.Truth.ToAfipQr().ToUrl(), Assert.Single(prepared.QrCodes));
    }
}
