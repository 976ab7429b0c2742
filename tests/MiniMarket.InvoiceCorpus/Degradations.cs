using SkiaSharp;

namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// The ways a clean page is spoiled, like a store manager's scans and phone photos. Parameters come from the seed, within
/// ranges where a person still reads every field. A benchmark reports accuracy per kind.
/// </summary>
public static class DegradationKinds
{
    /// <summary>The page as rendered (PNG).</summary>
    public const string Clean = "clean";

    /// <summary>Scanned askew: rotated 1–7° either way on a slightly larger light background (PNG).</summary>
    public const string Rotated = "rotated";

    /// <summary>Phone photo: perspective, on a darker table, uneven light, slight blur, sensor noise, JPEG 60–85.</summary>
    public const string Photographed = "photographed";

    /// <summary>Downscaled to 100–120 DPI, then JPEG 70–90.</summary>
    public const string LowRes = "lowres";

    /// <summary>A soft dark shadow (hand, phone) across part of the page, then JPEG 80–92.</summary>
    public const string Shadow = "shadow";

    /// <summary>Gaussian noise and salt-and-pepper specks, then JPEG 88–95.</summary>
    public const string Noisy = "noisy";

    /// <summary>Out of focus: Gaussian blur of sigma 1.0–1.8 px, then JPEG 88–95.</summary>
    public const string Blurred = "blurred";

    public static IReadOnlyList<string> All { get; } = [Clean, Rotated, Photographed, LowRes, Shadow, Noisy, Blurred];
}

internal static class Degrader
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";

    /// <summary>Applies one kind to a clean page; the page is left untouched.</summary>
    public static (byte[] Image, string ContentType) Apply(SKBitmap page, string kind, int seed)
    {
        var index = DegradationKinds.All.ToList().IndexOf(kind);
        if (index < 0)
        {
            throw new ArgumentException(
                $"Unknown degradation kind '{kind}': use one of {string.Join(", ", DegradationKinds.All)}", nameof(kind));
        }

        var random = new Random(unchecked(seed * 7919 + index * 104_729 + 17));
        switch (kind)
        {
            case DegradationKinds.Clean:
                return (Encode(page, SKEncodedImageFormat.Png, 100), Png);
            case DegradationKinds.Rotated:
            {
                using var rotated = Rotate(page, random);
                return (Encode(rotated, SKEncodedImageFormat.Png, 100), Png);
            }
            case DegradationKinds.Photographed:
            {
                using var photo = Photograph.Take(page, random);
                return (Encode(photo, SKEncodedImageFormat.Jpeg, random.Next(60, 86)), Jpeg);
            }
            case DegradationKinds.LowRes:
            {
                var dpi = random.Next(100, 121);
                using var small = Scale(page, dpi / (float)RenderStyle.Dpi);
                return (Encode(small, SKEncodedImageFormat.Jpeg, random.Next(70, 91)), Jpeg);
            }
            case DegradationKinds.Shadow:
            {
                using var shaded = Copy(page);
                Photograph.CastShadow(shaded, random);
                return (Encode(shaded, SKEncodedImageFormat.Jpeg, random.Next(80, 93)), Jpeg);
            }
            case DegradationKinds.Noisy:
            {
                using var noisy = Copy(page);
                PixelNoise.Gaussian(noisy, 10 + 12 * random.NextDouble(), random);
                PixelNoise.SaltAndPepper(noisy, 0.002 + 0.004 * random.NextDouble(), random);
                return (Encode(noisy, SKEncodedImageFormat.Jpeg, random.Next(88, 96)), Jpeg);
            }
            default:
            {
                using var blurred = Blur(page, 1.0f + 0.8f * (float)random.NextDouble());
                return (Encode(blurred, SKEncodedImageFormat.Jpeg, random.Next(88, 96)), Jpeg);
            }
        }
    }

    internal static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode the image as {format}");
        return data.ToArray();
    }

    internal static SKBitmap NewBitmap(int width, int height) =>
        new(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));

    internal static SKBitmap Copy(SKBitmap source) =>
        source.Copy() ?? throw new InvalidOperationException("SkiaSharp could not copy the page");

    internal static SKBitmap Blur(SKBitmap source, float sigma)
    {
        var target = NewBitmap(source.Width, source.Height);
        using var canvas = new SKCanvas(target);
        using var image = SKImage.FromBitmap(source);
        using var filter = SKImageFilter.CreateBlur(sigma, sigma, SKShaderTileMode.Clamp);
        using var paint = new SKPaint { ImageFilter = filter };
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), paint);
        return target;
    }

    private static SKBitmap Scale(SKBitmap source, float factor)
    {
        var target = NewBitmap((int)MathF.Round(source.Width * factor), (int)MathF.Round(source.Height * factor));
        using var canvas = new SKCanvas(target);
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, new SKRect(0, 0, target.Width, target.Height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        return target;
    }

    // Rotated about the centre onto a canvas just larger than the rotated page; the uncovered corners are a scanner's
    // light grey lid.
    private static SKBitmap Rotate(SKBitmap page, Random random)
    {
        var degrees = (1f + 6f * (float)random.NextDouble()) * (random.Next(2) == 0 ? -1f : 1f);
        var radians = degrees * MathF.PI / 180f;
        var cos = MathF.Abs(MathF.Cos(radians));
        var sin = MathF.Abs(MathF.Sin(radians));
        var spare = 1.02f + 0.04f * (float)random.NextDouble();
        var width = (int)MathF.Ceiling((page.Width * cos + page.Height * sin) * spare);
        var height = (int)MathF.Ceiling((page.Width * sin + page.Height * cos) * spare);
        var target = NewBitmap(width, height);
        using var canvas = new SKCanvas(target);
        var lid = (byte)random.Next(215, 246);
        canvas.Clear(new SKColor(lid, lid, lid));
        canvas.Translate(width / 2f, height / 2f);
        canvas.RotateDegrees(degrees);
        canvas.Translate(-page.Width / 2f, -page.Height / 2f);
        using var image = SKImage.FromBitmap(page);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear), null);
        return target;
    }
}
