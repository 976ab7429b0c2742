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

    /// <summary>
    /// A page photographed on a dark table, a little in perspective, its bottom-right corner in a shadow (darker than the
    /// rest of the page, still lighter than the table): the squared page keeps all four corners — a mark printed in each
    /// corner is in that corner of the prepared page. Found on a photographed invoice whose shadowed corner fell under the
    /// page/table threshold: the page was cut 80 px of 900 short there and its rows slanted into each other.
    /// </summary>
    [Fact]
    public void Prepare_APhotographedPageWithACornerInShadow_KeepsEveryCorner()
    {
        using var sheet = new Mat(1414, 1000, MatType.CV_8UC1, Scalar.All(235));
        foreach (var (x, y) in new[] { (40, 40), (920, 40), (920, 1334), (40, 1334) })
        {
            sheet.Rectangle(new Rect(x, y, 40, 40), Scalar.All(20), -1);
        }
        for (var row = 0; row < 30; row++)
        {
            sheet.Rectangle(new Rect(150, 180 + row * 36, 500 + row * 7 % 200, 16), Scalar.All(30), -1);
        }
        using var photo = new Mat(1800, 1400, MatType.CV_8UC1, Scalar.All(55));
        Point2f[] from = [new(0, 0), new(999, 0), new(999, 1413), new(0, 1413)];
        Point2f[] to = [new(190, 140), new(1220, 110), new(1250, 1650), new(150, 1620)];
        using (var transform = Cv2.GetPerspectiveTransform(from, to))
        using (var warped = new Mat())
        using (var mask = new Mat(sheet.Size(), MatType.CV_8UC1, Scalar.All(255)))
        using (var warpedMask = new Mat())
        {
            Cv2.WarpPerspective(sheet, warped, transform, photo.Size());
            Cv2.WarpPerspective(mask, warpedMask, transform, photo.Size());
            warped.CopyTo(photo, warpedMask);
        }
        // The shadow: over the page's bottom, deepest at the right, the light falls to 0.45 of what it was.
        var (rows, cols) = (photo.Rows, photo.Cols);
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < cols; x++)
            {
                var reach = Math.Clamp(((double)y / rows - 0.78) / 0.08, 0, 1) * (0.5 + 0.5 * x / cols);
                photo.Set(y, x, (byte)(photo.At<byte>(y, x) * (1 - 0.55 * reach)));
            }
        }

        var prepared = new InvoiceImagePreprocessor().Prepare(photo.ImEncode(".png"), 1, readQr: false);

        Assert.True(prepared.Cropped);
        using var page = Cv2.ImDecode(prepared.Binary[0].Image, ImreadModes.Grayscale);
        var (w, h) = (page.Width, page.Height);
        Assert.InRange((double)h / w, 1.3, 1.5);
        foreach (var corner in new[] { new Rect(0, 0, w / 8, h / 12), new Rect(w - w / 8, 0, w / 8, h / 12), new Rect(w - w / 8, h - h / 12, w / 8, h / 12), new Rect(0, h - h / 12, w / 8, h / 12) })
        {
            using var window = new Mat(page, corner);
            // The mark: about (40/1000 of the width)², ink (0) in a binarised page (smaller than a rule, which is erased).
            var ink = corner.Width * corner.Height - Cv2.CountNonZero(window);
            Assert.True(ink > w * 0.04 * w * 0.04 * 0.6, $"the mark in the corner at {corner.X},{corner.Y} ({ink} ink pixels)");
        }
    }
}
