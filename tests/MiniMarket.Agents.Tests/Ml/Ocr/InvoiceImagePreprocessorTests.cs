using MiniMarket.Agents.Ml.Ocr;
using OpenCvSharp;

namespace MiniMarket.Agents.Tests.Ml.Ocr;

/// <summary>
/// What the preprocessor hands Tesseract: the binarised page as PBM and the grey one as PNG, cut into bands that together
/// are the whole page (Tesseract itself reading them is proven by the corpus tests).
/// </summary>
public class InvoiceImagePreprocessorTests
{
    [Fact]
    public void EncodePbm_PacksInkAsSetBits_RowByRow_EvenForAViewIntoALargerImage()
    {
        // 13 columns: two bytes a row, the last with 3 bits used. A view (ROI) of a wider image: its rows are not contiguous.
        // Ink 0 and paper 255, as the binarised page is.
        using var whole = new Mat(5, 20, MatType.CV_8UC1, Scalar.All(255));
        whole.Set(1, 2, (byte)0);      // row 0 of the view, column 0
        whole.Set(1, 9, (byte)0);      // column 7: the last bit of the first byte
        whole.Set(2, 14, (byte)0);     // row 1, column 12 (the last)
        whole.Set(3, 0, (byte)0);      // outside the view
        using var view = new Mat(whole, new Rect(2, 1, 13, 3));

        var pbm = InvoiceImagePreprocessor.EncodePbm(view);

        var header = "P4\n13 3\n"u8.ToArray();
        Assert.Equal(header, pbm[..header.Length]);
        Assert.Equal(new byte[] { 0b1000_0001, 0, 0, 0b0000_1000, 0, 0 }, pbm[header.Length..]);
        using var decoded = Cv2.ImDecode(pbm, ImreadModes.Grayscale);
        Assert.Equal(new Size(13, 3), decoded.Size());
        Assert.Equal(0, decoded.At<byte>(0, 0));
        Assert.Equal(0, decoded.At<byte>(0, 7));
        Assert.Equal(255, decoded.At<byte>(0, 8));
        Assert.Equal(0, decoded.At<byte>(1, 12));
        Assert.Equal(255, decoded.At<byte>(2, 0));
    }

    [Fact]
    public async Task Prepare_GivesBinaryBandsAsPbmAndGreyAsPng_ThatTogetherCoverThePage()
    {
        var invoice = MiniMarket.InvoiceCorpus.InvoiceCorpus.Generate(32, MiniMarket.InvoiceCorpus.DegradationKinds.Photographed, MiniMarket.InvoiceCorpus.InvoiceLayouts.Afip);
        var prepared = await Task.Run(() => new InvoiceImagePreprocessor().Prepare(invoice.Pages[0], 2, readQr: false));

        Assert.Equal(2, prepared.Binary.Count);
        Assert.Equal(prepared.Binary.Select(b => b.Top), prepared.Grey.Select(b => b.Top));
        Assert.Equal(0, prepared.Binary[0].Top);
        var height = 0;
        for (var i = 0; i < prepared.Binary.Count; i++)
        {
            Assert.Equal("P4\n"u8.ToArray(), prepared.Binary[i].Image[..3]);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, prepared.Grey[i].Image[..4]);
            using var binary = Cv2.ImDecode(prepared.Binary[i].Image, ImreadModes.Grayscale);
            using var grey = Cv2.ImDecode(prepared.Grey[i].Image, ImreadModes.Grayscale);
            Assert.Equal(prepared.Width, binary.Width);
            Assert.Equal(binary.Size(), grey.Size());
            Assert.Equal(prepared.Binary[i].Top, height);
            height += binary.Height;
            // Ink and paper, and the grey one still grey (more than two levels).
            Assert.True(Cv2.CountNonZero(binary) < binary.Width * binary.Height);
            using var greyLevels = new Mat();
            Cv2.InRange(grey, new Scalar(30), new Scalar(225), greyLevels);
            Assert.True(Cv2.CountNonZero(greyLevels) > 0);
        }
        Assert.Equal(prepared.Height, height);
    }
}
