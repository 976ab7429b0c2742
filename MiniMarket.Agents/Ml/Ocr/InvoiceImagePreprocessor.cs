using OpenCvSharp;

namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>The upload could not be decoded as an image (truncated, corrupt, wrong format).</summary>
public sealed class InvalidImageException(string message) : Exception(message);

/// <summary>
/// A horizontal band of a page, as an image file Tesseract reads from stdin (PBM for the binarised page, PNG for the grey
/// one), and where it starts on the page (pixels from the top).
/// </summary>
public sealed record PageBand(byte[] Image, int Top);

/// <summary>
/// A page ready for Tesseract, cut into bands at blank rows so the bands are read in parallel: binarised (first passes)
/// and cleaned grey (last pass, encoded only when a page needs it), and what was done to it.
/// </summary>
public sealed record PreparedPage(IReadOnlyList<PageBand> Binary, Lazy<IReadOnlyList<PageBand>> GreyBands, int Width, int Height, double SkewDegrees, bool Cropped, double Scale, TimeSpan DecodeTime)
{
    /// <summary>The grey bands, encoded on first use: most pages are done before the grey pass (about 0.1 s a page saved).</summary>
    public IReadOnlyList<PageBand> Grey => GreyBands.Value;

    /// <summary>The texts of the QR codes decoded on the page (AFIP's, and any other it carries).</summary>
    public IReadOnlyList<string> QrCodes { get; init; } = [];

    /// <summary>Time spent preparing the page after decoding it (QR codes included), as measured by the caller.</summary>
    public TimeSpan PreprocessTime { get; init; }
}

/// <summary>
/// Turns a phone photo or a scan of an invoice into what Tesseract reads best: the page cut out of its background and
/// squared, grey, lit evenly (shadows divided out), contrast-limited equalised (CLAHE), denoised, deskewed, scaled so
/// body text is about 20-30 px high, and adaptive-thresholded. Every step is OpenCV; every Mat is disposed.
/// </summary>
public sealed class InvoiceImagePreprocessor
{
    /// <summary>Page width Tesseract gets: A4 at about 250 DPI, where 9-11 pt text has a 20-30 px cap height.</summary>
    public const int TargetWidth = 2100;

    private const int DetectionSide = 900;

    public PreparedPage Prepare(byte[] image, int bands = 1, bool readQr = true)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var decoded = Cv2.ImDecode(image, ImreadModes.Grayscale);
        var decodeTime = clock.Elapsed;
        if (decoded.Empty()) throw new InvalidImageException("La imagen no se pudo decodificar: está dañada o truncada.");

        using var page = CropToDocument(decoded, out var cropped);
        // The QR code is read from the page as photographed (cut out and squared), before any cleaning: every later step
        // (even lighting, equalising, blurring, thresholding) made it harder for the decoder, not easier.
        var qrCodes = readQr ? AfipQrReader.Decode(page) : [];
        var scale = Math.Clamp((double)TargetWidth / page.Width, 0.25, 3.0);
        using var scaled = new Mat();
        Cv2.Resize(page, scaled, new Size(0, 0), scale, scale, scale > 1 ? InterpolationFlags.Cubic : InterpolationFlags.Area);

        using var even = EvenLighting(scaled);
        using var clahe = Cv2.CreateCLAHE(2.0, new Size(8, 8));
        using var equalised = new Mat();
        clahe.Apply(even, equalised);
        using var denoised = new Mat();
        Cv2.MedianBlur(equalised, denoised, 3);
        Cv2.GaussianBlur(denoised, denoised, new Size(3, 3), 0);

        var angle = EstimateSkew(denoised);
        using var straight = Math.Abs(angle) < 0.15 ? denoised.Clone() : Rotate(denoised, angle);
        using var binary = Binarize(straight);
        RemoveRules(binary, straight);

        var cuts = BandCuts(binary, bands);
        var greyPixels = Pixels(straight);
        var (width, height) = (straight.Width, straight.Height);
        var grey = new Lazy<IReadOnlyList<PageBand>>(() =>
        {
            using var page = Mat.FromPixelData(height, width, MatType.CV_8UC1, greyPixels);
            return Encode(page, cuts, EncodePng);
        });
        return new PreparedPage(Encode(binary, cuts, EncodePbm), grey, width, height, angle, cropped, scale, decodeTime)
        {
            QrCodes = qrCodes,
        };
    }

    /// <summary>
    /// Finds the page on a darker background (a photo on a table): the largest bright quadrilateral covering 20-97 % of the
    /// picture, warped to a rectangle: the bright region's outline (a threshold between page and table), or the edges'
    /// (the page's border as a line of contrast) where that one cut a corner off. A corner of the page in a shadow falls
    /// under the threshold — one photograph's squared page came out skewed, its rows slanting into each other — while its
    /// border still stands out from the table. A scan (the page is the whole picture) or a shape that isn't a quadrilateral
    /// is left as it is.
    /// </summary>
    private static Mat CropToDocument(Mat grey, out bool cropped)
    {
        cropped = false;
        var factor = (double)DetectionSide / Math.Max(grey.Width, grey.Height);
        using var small = new Mat();
        Cv2.Resize(grey, small, new Size(0, 0), Math.Min(factor, 1), Math.Min(factor, 1), InterpolationFlags.Area);
        using var blurred = new Mat();
        Cv2.GaussianBlur(small, blurred, new Size(7, 7), 0);
        var area = (double)small.Width * small.Height;
        var quad = BrightOutline(blurred);
        if (!IsPageOutline(small, quad, area)) return grey.Clone();
        // The edges' outline stands for the bright one only where that cut a corner off: larger, and a corner of it far
        // outside (a twenty-fifth of the picture's side; a page's drop shadow or a blurred border moves them a few pixels).
        var edgeQuad = EdgeOutline(blurred);
        if (IsPageOutline(small, edgeQuad, area) && Cv2.ContourArea(edgeQuad!) > Cv2.ContourArea(quad!)
            && Order(Corners(edgeQuad!)).Zip(Order(Corners(quad!))).Max(pair => Distance(pair.First, pair.Second)) > Math.Max(small.Width, small.Height) / 25.0)
        {
            quad = edgeQuad;
        }
        var corners = Order(quad!.Select(p => new Point2f((float)(p.X / Math.Min(factor, 1)), (float)(p.Y / Math.Min(factor, 1)))).ToArray());
        var width = (float)Math.Max(Distance(corners[0], corners[1]), Distance(corners[3], corners[2]));
        var height = (float)Math.Max(Distance(corners[0], corners[3]), Distance(corners[1], corners[2]));
        Point2f[] target = [new(0, 0), new(width - 1, 0), new(width - 1, height - 1), new(0, height - 1)];
        using var transform = Cv2.GetPerspectiveTransform(corners, target);
        var warped = new Mat();
        Cv2.WarpPerspective(grey, warped, transform, new Size(width, height), InterpolationFlags.Cubic, BorderTypes.Replicate);
        cropped = true;
        return warped;
    }

    /// <summary>The outline of the largest bright region (Otsu's threshold between the page and the table), as a polygon.</summary>
    private static Point[]? BrightOutline(Mat blurred)
    {
        using var mask = new Mat();
        Cv2.Threshold(blurred, mask, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(15, 15));
        Cv2.MorphologyEx(mask, mask, MorphTypes.Close, kernel);
        Cv2.FindContours(mask, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        var largest = contours.OrderByDescending(c => Cv2.ContourArea(c)).FirstOrDefault();
        return largest is null ? null : Cv2.ApproxPolyDP(largest, 0.02 * Cv2.ArcLength(largest, true), true);
    }

    /// <summary>The outline of the largest shape the edges draw (Canny, thickened so the border closes), as a polygon.</summary>
    private static Point[]? EdgeOutline(Mat blurred)
    {
        using var edges = new Mat();
        Cv2.Canny(blurred, edges, 30, 90);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(5, 5));
        Cv2.Dilate(edges, edges, kernel);
        Cv2.FindContours(edges, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
        var largest = contours.OrderByDescending(c => Cv2.ContourArea(c)).FirstOrDefault();
        if (largest is null) return null;
        var hull = Cv2.ConvexHull(largest);
        return Cv2.ApproxPolyDP(hull, 0.02 * Cv2.ArcLength(hull, true), true);
    }

    /// <summary>
    /// A page's outline: a convex quadrilateral covering 20-97 % of the picture, shaped like a sheet, inside it, with
    /// something darker all around. A quadrilateral touching the edge, or with light around it, is part of a page (a
    /// shadow's outline), not the page.
    /// </summary>
    private static bool IsPageOutline(Mat small, Point[]? quad, double area)
    {
        if (quad is null || quad.Length != 4 || !Cv2.IsContourConvex(quad)) return false;
        var share = Cv2.ContourArea(quad) / area;
        if (share is < 0.2 or > 0.97) return false;
        var margin = Math.Max(2, Math.Min(small.Width, small.Height) / 100);
        if (quad.Any(p => p.X < margin || p.Y < margin || p.X > small.Width - 1 - margin || p.Y > small.Height - 1 - margin)) return false;
        // A page is A4-like (1.41) or letter-like (1.29), portrait or landscape; anything else is a lit patch of a page (a shadow's edge).
        var corners = Order(Corners(quad));
        var width = Math.Max(Distance(corners[0], corners[1]), Distance(corners[3], corners[2]));
        var height = Math.Max(Distance(corners[0], corners[3]), Distance(corners[1], corners[2]));
        if (Math.Max(width, height) / Math.Min(width, height) is < 1.15 or > 1.75) return false;
        using var inside = new Mat(small.Size(), MatType.CV_8UC1, Scalar.Black);
        Cv2.FillConvexPoly(inside, quad, Scalar.White);
        using var outside = new Mat();
        Cv2.BitwiseNot(inside, outside);
        return Cv2.Mean(small, outside).Val0 <= 0.8 * Cv2.Mean(small, inside).Val0;
    }

    /// <summary>
    /// Where to cut the page into bands: at the longest run of blank rows near each even split, so no text line is cut
    /// in two (a band boundary inside a line would lose it). Returns the band tops, the first being 0.
    /// </summary>
    private static List<int> BandCuts(Mat binary, int bands)
    {
        var tops = new List<int> { 0 };
        if (bands <= 1) return tops;
        using var rows = new Mat();
        using var ink = new Mat();
        Cv2.BitwiseNot(binary, ink);
        Cv2.Reduce(ink, rows, ReduceDimension.Column, ReduceTypes.Sum, MatType.CV_64F);
        rows.GetArray(out double[] inkPerRow);
        var height = inkPerRow.Length;
        for (var band = 1; band < bands; band++)
        {
            var target = height * band / bands;
            int bestStart = -1, bestLength = 0, runStart = -1;
            for (var y = Math.Max(tops[^1] + 1, target - height / 8); y < Math.Min(height, target + height / 8); y++)
            {
                if (inkPerRow[y] == 0)
                {
                    if (runStart < 0) runStart = y;
                    if (y - runStart + 1 > bestLength) (bestStart, bestLength) = (runStart, y - runStart + 1);
                }
                else
                {
                    runStart = -1;
                }
            }
            // No blank gap of at least a few rows: do not cut here (a page full of text is read whole).
            if (bestLength >= 4) tops.Add(bestStart + bestLength / 2);
        }
        return tops;
    }

    /// <summary>
    /// The bands of a page, each encoded for Tesseract's stdin. Not PGM: Leptonica parses a PNM from a stream a byte at a
    /// time, about 0.3 CPU-s for a 2100 x 2970 page (a third of a pass); PNG is read whole, PBM has an eighth of the bytes,
    /// and Tesseract recognises exactly the same words (checked on the corpus).
    /// </summary>
    private static List<PageBand> Encode(Mat page, List<int> tops, Func<Mat, byte[]> encode)
    {
        var result = new List<PageBand>(tops.Count);
        for (var i = 0; i < tops.Count; i++)
        {
            var bottom = i + 1 < tops.Count ? tops[i + 1] : page.Height;
            using var band = new Mat(page, new Rect(0, tops[i], page.Width, bottom - tops[i]));
            result.Add(new PageBand(encode(band), tops[i]));
        }
        return result;
    }

    /// <summary>A one-channel image's pixels, row after row, copied out of native memory.</summary>
    private static byte[] Pixels(Mat grey)
    {
        var (width, height) = (grey.Width, grey.Height);
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            System.Runtime.InteropServices.Marshal.Copy(grey.Ptr(y), pixels, y * width, width);
        }
        return pixels;
    }

    /// <summary>
    /// A binarised band (ink 0, paper 255 — nothing between) as PBM (P4), OpenCV's encoder: one bit a pixel, ink set.
    /// Eight times smaller than PGM, and Tesseract takes a one-bit image as already thresholded.
    /// </summary>
    public static byte[] EncodePbm(Mat band) => band.ImEncode(".pbm");

    /// <summary>
    /// A grey band as PNG, stored without compression: half the time of zlib's fastest level to write (70 against 150 ms a
    /// page), and Tesseract reads it as fast; the bytes only cross a pipe.
    /// </summary>
    private static byte[] EncodePng(Mat band) => band.ImEncode(".png", new ImageEncodingParam(ImwriteFlags.PngCompression, 0));

    /// <summary>
    /// Black text on white. The lighting is already even, so one Otsu threshold separates ink from paper better than a
    /// local one (which turns flat noisy paper into speckles); specks smaller than a full stop are then erased, because
    /// Tesseract spends most of its time on blobs and every speck is one.
    /// </summary>
    private static Mat Binarize(Mat grey)
    {
        var binary = new Mat();
        Cv2.Threshold(grey, binary, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        using var ink = new Mat();
        Cv2.BitwiseNot(binary, ink);
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        var count = Cv2.ConnectedComponentsWithStats(ink, labels, stats, centroids, PixelConnectivity.Connectivity8);
        stats.GetArray(out int[] table);
        var minArea = Math.Max(4, grey.Width / 300);
        var columns = stats.Cols;
        var speck = new bool[count];
        for (var component = 1; component < count; component++)
        {
            speck[component] = table[component * columns + (int)ConnectedComponentsTypes.Area] < minArea;
        }
        labels.GetArray(out int[] labelOf);
        binary.GetArray(out byte[] pixels);
        for (var i = 0; i < pixels.Length; i++)
        {
            if (speck[labelOf[i]]) pixels[i] = 255;
        }
        binary.SetArray(pixels);
        return binary;
    }

    /// <summary>
    /// Erases the page's rules — table grids, cell borders, boxes — from both images: ink that runs unbroken for a twentieth of
    /// the page across (or down) is a line, not a glyph (the tallest letter, the type's in its box, is under half that). A
    /// border touching a digit makes Tesseract read "|23,96|40932" as one word or drop the cell; without the borders each
    /// row of a grid reads like a printed table. The grey page gets the same mask, so both passes see the same text.
    /// </summary>
    private static void RemoveRules(Mat binary, Mat grey)
    {
        var length = Math.Max(40, binary.Width / 20);
        using var ink = new Mat();
        Cv2.BitwiseNot(binary, ink);
        using var horizontal = new Mat();
        using var vertical = new Mat();
        using (var across = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(length, 1)))
        {
            Cv2.MorphologyEx(ink, horizontal, MorphTypes.Open, across);
        }
        using (var down = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(1, length)))
        {
            Cv2.MorphologyEx(ink, vertical, MorphTypes.Open, down);
        }
        using var rules = new Mat();
        Cv2.BitwiseOr(horizontal, vertical, rules);
        if (Cv2.CountNonZero(rules) == 0) return;
        // The anti-aliased edge of a rule is a pixel wider in the grey page than in the binary one.
        using (var edge = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 3)))
        {
            Cv2.Dilate(rules, rules, edge);
        }
        binary.SetTo(new Scalar(255), rules);
        grey.SetTo(new Scalar(255), rules);
    }

    private static Point2f[] Corners(Point[] quad) => [.. quad.Select(p => new Point2f(p.X, p.Y))];

    /// <summary>Top-left, top-right, bottom-right, bottom-left.</summary>
    private static Point2f[] Order(Point2f[] p)
    {
        var bySum = p.OrderBy(q => q.X + q.Y).ToArray();
        var byDiff = p.OrderBy(q => q.Y - q.X).ToArray();
        return [bySum[0], byDiff[0], bySum[^1], byDiff[^1]];
    }

    private static double Distance(Point2f a, Point2f b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));

    /// <summary>Divides the page by its own background (text removed by a dilation, then smoothed): shadows and gradients vanish.</summary>
    private static Mat EvenLighting(Mat grey)
    {
        // Estimated at a quarter of the size: the background varies slowly, and this is 16 times cheaper.
        using var small = new Mat();
        Cv2.Resize(grey, small, new Size(0, 0), 0.25, 0.25, InterpolationFlags.Area);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(5, 5));
        Cv2.Dilate(small, small, kernel);
        Cv2.MedianBlur(small, small, 15);
        using var background = new Mat();
        Cv2.Resize(small, background, grey.Size(), 0, 0, InterpolationFlags.Linear);
        var even = new Mat();
        Cv2.Divide(grey, background, even, 255);
        return even;
    }

    /// <summary>
    /// The text's slant, by projection profiles: rotate a small inverted binary copy by candidate angles and keep the one
    /// whose row sums are sharpest (text lines fall into few rows). Coarse ±8° by 0.5°, then ±0.5° by 0.1°. (A coarse
    /// search on a copy half as wide was cheaper but turned one photographed ERP page's estimate enough to lose its key
    /// fields and lines: measured on the corpus, and left at 700 px.)
    /// </summary>
    private static double EstimateSkew(Mat grey)
    {
        var factor = 700.0 / grey.Width;
        using var small = new Mat();
        Cv2.Resize(grey, small, new Size(0, 0), factor, factor, InterpolationFlags.Area);
        using var ink = new Mat();
        Cv2.Threshold(small, ink, 0, 255, ThresholdTypes.BinaryInv | ThresholdTypes.Otsu);
        var best = Search(ink, -8, 8, 0.5, 0);
        return Search(ink, best - 0.5, best + 0.5, 0.1, best);
    }

    private static double Search(Mat ink, double from, double to, double step, double fallback)
    {
        var best = fallback;
        var bestScore = double.MinValue;
        for (var angle = from; angle <= to + 1e-9; angle += step)
        {
            using var rotated = Rotate(ink, angle, background: 0);
            using var rows = new Mat();
            Cv2.Reduce(rotated, rows, ReduceDimension.Column, ReduceTypes.Sum, MatType.CV_32S);
            rows.GetArray(out int[] sums);
            double score = 0;
            for (var y = 1; y < sums.Length; y++)
            {
                double change = sums[y] - sums[y - 1];
                score += change * change;
            }
            if (score > bestScore)
            {
                bestScore = score;
                best = angle;
            }
        }
        return Math.Round(best, 2);
    }

    private static Mat Rotate(Mat image, double degrees, int background = 255)
    {
        using var matrix = Cv2.GetRotationMatrix2D(new Point2f(image.Width / 2f, image.Height / 2f), degrees, 1);
        var rotated = new Mat();
        Cv2.WarpAffine(image, rotated, matrix, image.Size(), InterpolationFlags.Linear, BorderTypes.Constant, new Scalar(background));
        return rotated;
    }
}
