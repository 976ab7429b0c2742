using OpenCvSharp;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>
/// Finds and decodes the QR code AFIP requires on an invoice (<see cref="Core.Domain.AfipQr"/>). A decoder searching a
/// whole page for a QR it cannot read costs seconds (photographs, noise), so the page is first looked over small for
/// square blocks of dense ink the size of a printed QR code, and only those regions, cut from the full page, go to
/// OpenCV's WeChat decoder (ZXing's binarisers; no neural network models).
/// </summary>
public static class AfipQrReader
{
    /// <summary>Side the page is reduced to (its longer one) to look for QR-like blocks.</summary>
    private const int SearchSide = 800;

    /// <summary>Longest side of a block given to the decoder.</summary>
    private const int MaxCropSide = 1000;

    /// <summary>At most this many blocks are decoded: a page has one QR code, maybe a second (a payment QR).</summary>
    private const int MaxCandidates = 3;

    /// <summary>
    /// The texts of the QR codes decoded on the page (grey, any size); empty when none could be. A decoder failure is no
    /// failure of the page: its printed text is still read.
    /// </summary>
    public static IReadOnlyList<string> Decode(Mat grey)
    {
        try
        {
            return DecodeCandidates(grey);
        }
        catch (Exception e) when (e is OpenCVException or OpenCvSharpException)
        {
            return [];
        }
    }

    private static List<string> DecodeCandidates(Mat grey)
    {
        var texts = new List<string>();
        using var wechat = new WeChatQRCode("", "", "", "");
        foreach (var box in Candidates(grey))
        {
            using var region = new Mat(grey, box);
            // A block of a huge photo is reduced: the decoder's time grows with pixels, and a QR filling most of 1,000 px
            // has modules of several pixels still.
            var shrink = Math.Min(1.0, (double)MaxCropSide / Math.Max(region.Width, region.Height));
            using var crop = shrink < 1 ? region.Resize(new Size(0, 0), shrink, shrink, InterpolationFlags.Area) : region.Clone();
            var read = wechat.DetectAndDecode(crop, out _).Where(t => !string.IsNullOrEmpty(t)).ToList();
            if (read.Count == 0)
            {
                // ZXing's sampling grid can miss at one scale and not at another (modules of about 3 px).
                using var larger = new Mat();
                Cv2.Resize(crop, larger, new Size(0, 0), 2, 2, InterpolationFlags.Cubic);
                read = wechat.DetectAndDecode(larger, out _).Where(t => !string.IsNullOrEmpty(t)).ToList();
            }
            texts.AddRange(read);
            if (texts.Any(t => t.Contains("/fe/qr", StringComparison.OrdinalIgnoreCase))) break;
        }
        return texts.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Regions of the page (in its own pixels) that look like a QR code: on a reduced copy, ink closed into blocks; a block
    /// between 5 and 40 % of the page's shorter side, nearly square, and half ink, like a QR's modules; with a margin.
    /// </summary>
    private static List<Rect> Candidates(Mat grey)
    {
        var factor = Math.Min(1.0, (double)SearchSide / Math.Max(grey.Width, grey.Height));
        using var small = new Mat();
        Cv2.Resize(grey, small, new Size(0, 0), factor, factor, InterpolationFlags.Area);
        using var ink = new Mat();
        Cv2.AdaptiveThreshold(small, ink, 255, AdaptiveThresholdTypes.MeanC, ThresholdTypes.BinaryInv, 31, 15);
        using var closed = new Mat();
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(5, 5));
        Cv2.MorphologyEx(ink, closed, MorphTypes.Close, kernel);
        Cv2.FindContours(closed, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        var side = Math.Min(small.Width, small.Height);
        var found = new List<(Rect Box, double Score)>();
        foreach (var contour in contours)
        {
            var box = Cv2.BoundingRect(contour);
            if (box.Width < side * 0.05 || box.Width > side * 0.4 || box.Height < side * 0.05 || box.Height > side * 0.4) continue;
            var aspect = (double)box.Width / box.Height;
            if (aspect is < 0.7 or > 1.43) continue;
            using var inside = new Mat(ink, box);
            var density = Cv2.CountNonZero(inside) / (double)(box.Width * box.Height);
            if (density is < 0.25 or > 0.8) continue;
            var solidity = Cv2.ContourArea(contour) / (box.Width * box.Height);
            if (solidity < 0.6) continue;
            found.Add((box, Math.Abs(Math.Log(aspect)) + Math.Abs(density - 0.5)));
        }
        return found.OrderBy(f => f.Score).Take(MaxCandidates).Select(f =>
        {
            var margin = (int)(Math.Max(f.Box.Width, f.Box.Height) * 0.25);
            var x = Math.Max(0, (int)((f.Box.X - margin) / factor));
            var y = Math.Max(0, (int)((f.Box.Y - margin) / factor));
            var right = Math.Min(grey.Width, (int)((f.Box.Right + margin) / factor));
            var bottom = Math.Min(grey.Height, (int)((f.Box.Bottom + margin) / factor));
            return new Rect(x, y, right - x, bottom - y);
        }).ToList();
    }
}
