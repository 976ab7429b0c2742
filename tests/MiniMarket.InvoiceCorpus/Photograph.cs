using SkiaSharp;

namespace MiniMarket.InvoiceCorpus;

/// <summary>A page as a phone sees it: on a table, in perspective, under uneven light.</summary>
internal static class Photograph
{
    /// <summary>
    /// A 3:4 frame a little wider than the page; the page fills 80–88 % of its width, each corner moved up to 2.5 % of the
    /// frame (perspective) after a tilt of up to 3°; then a lighting gradient, blur of 0.5–1.1 px and sensor noise.
    /// </summary>
    public static SKBitmap Take(SKBitmap page, Random random)
    {
        var width = random.Next(1750, 1851);
        var height = width * 4 / 3;
        var target = Degrader.NewBitmap(width, height);
        using (var canvas = new SKCanvas(target))
        {
            DrawTable(canvas, width, height, random);

            var fill = 0.80f + 0.08f * (float)random.NextDouble();
            var pageWidth = width * fill;
            var pageHeight = pageWidth * page.Height / page.Width;
            var centre = new SKPoint(width / 2f + Jitter(random, width * 0.02f), height / 2f + Jitter(random, height * 0.02f));
            var tilt = SKMatrix.CreateRotationDegrees(Jitter(random, 3f), centre.X, centre.Y);
            var corners = new[]
            {
                new SKPoint(centre.X - pageWidth / 2, centre.Y - pageHeight / 2),
                new SKPoint(centre.X + pageWidth / 2, centre.Y - pageHeight / 2),
                new SKPoint(centre.X + pageWidth / 2, centre.Y + pageHeight / 2),
                new SKPoint(centre.X - pageWidth / 2, centre.Y + pageHeight / 2),
            }.Select(p => tilt.MapPoint(p) + new SKPoint(Jitter(random, width * 0.025f), Jitter(random, width * 0.025f))).ToArray();
            var matrix = RectToQuad(page.Width, page.Height, corners);

            // A soft shadow under the sheet, then the sheet, tinted like paper under warm light.
            using (var path = Polygon([.. corners.Select(p => p + new SKPoint(10, 14))]))
            using (var blur = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, 18f))
            using (var shadow = new SKPaint { Color = new SKColor(0, 0, 0, 110), MaskFilter = blur, IsAntialias = true })
            {
                canvas.DrawPath(path, shadow);
            }

            var tint = new SKColor((byte)random.Next(238, 256), (byte)random.Next(232, 250), (byte)random.Next(215, 240));
            using var colour = SKColorFilter.CreateBlendMode(tint, SKBlendMode.Multiply);
            using var paper = new SKPaint { ColorFilter = colour, IsAntialias = true };
            using var image = SKImage.FromBitmap(page);
            canvas.Save();
            canvas.Concat(in matrix);
            canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), paper);
            canvas.Restore();

            Light(canvas, width, height, random, maxDarkness: 110);
        }

        using var blurred = Degrader.Blur(target, 0.5f + 0.6f * (float)random.NextDouble());
        target.Dispose();
        var result = Degrader.Copy(blurred);
        PixelNoise.Gaussian(result, 3 + 5 * random.NextDouble(), random);
        return result;
    }

    /// <summary>A blurred dark polygon across 25–50 % of the page from one edge, plus a light gradient: still readable.</summary>
    public static void CastShadow(SKBitmap page, Random random)
    {
        using var canvas = new SKCanvas(page);
        float w = page.Width, h = page.Height;
        var depth = 0.25f + 0.25f * (float)random.NextDouble();
        var slant = Jitter(random, 0.15f);
        SKPoint[] polygon = random.Next(4) switch
        {
            0 => [new(-50, -50), new(w * (depth + slant), -50), new(w * (depth - slant), h + 50), new(-50, h + 50)],
            1 => [new(w + 50, -50), new(w * (1 - depth - slant), -50), new(w * (1 - depth + slant), h + 50), new(w + 50, h + 50)],
            2 => [new(-50, -50), new(w + 50, -50), new(w + 50, h * (depth + slant)), new(-50, h * (depth - slant))],
            _ => [new(-50, h + 50), new(w + 50, h + 50), new(w + 50, h * (1 - depth - slant)), new(-50, h * (1 - depth + slant))],
        };
        var darkness = (byte)random.Next(80, 131);
        using var path = Polygon(polygon);
        using var blur = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, 30f + 40f * (float)random.NextDouble());
        using var paint = new SKPaint { Color = new SKColor(20, 20, 30, darkness), MaskFilter = blur, IsAntialias = true };
        canvas.DrawPath(path, paint);
        Light(canvas, page.Width, page.Height, random, maxDarkness: 50);
    }

    // Light falls off from one side (linear) and towards the corners (vignette).
    private static void Light(SKCanvas canvas, int width, int height, Random random, int maxDarkness)
    {
        var angle = random.NextDouble() * Math.PI * 2;
        var centre = new SKPoint(width / 2f, height / 2f);
        var reach = Math.Max(width, height) / 2f;
        var direction = new SKPoint((float)Math.Cos(angle) * reach, (float)Math.Sin(angle) * reach);
        var dark = (byte)random.Next(maxDarkness / 3, maxDarkness + 1);
        using (var gradient = SKShader.CreateLinearGradient(centre - direction, centre + direction,
                   [SKColors.Transparent, new SKColor(0, 0, 0, dark)], SKShaderTileMode.Clamp))
        using (var paint = new SKPaint { Shader = gradient })
        {
            canvas.DrawRect(0, 0, width, height, paint);
        }

        using var vignette = SKShader.CreateRadialGradient(centre, reach * 1.45f,
            [SKColors.Transparent, SKColors.Transparent, new SKColor(0, 0, 0, (byte)(maxDarkness / 2))], [0f, 0.6f, 1f],
            SKShaderTileMode.Clamp);
        using var vignettePaint = new SKPaint { Shader = vignette };
        canvas.DrawRect(0, 0, width, height, vignettePaint);
    }

    // A wooden or grey table: a two-colour gradient; the sensor noise added later gives it texture.
    private static void DrawTable(SKCanvas canvas, int width, int height, Random random)
    {
        SKColor[] palette = random.Next(3) switch
        {
            0 => [new(96, 66, 40), new(130, 92, 58)],
            1 => [new(70, 72, 78), new(105, 108, 115)],
            _ => [new(150, 120, 90), new(110, 84, 60)],
        };
        using var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), palette, SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = shader };
        canvas.DrawRect(0, 0, width, height, paint);
    }

    /// <summary>The perspective matrix taking the rectangle (0,0)-(w,h) to the quad tl, tr, br, bl (Heckbert's square-to-quad).</summary>
    internal static SKMatrix RectToQuad(float w, float h, IReadOnlyList<SKPoint> quad)
    {
        var (x0, y0, x1, y1) = (quad[0].X, quad[0].Y, quad[1].X, quad[1].Y);
        var (x2, y2, x3, y3) = (quad[2].X, quad[2].Y, quad[3].X, quad[3].Y);
        float dx1 = x1 - x2, dx2 = x3 - x2, dx3 = x0 - x1 + x2 - x3;
        float dy1 = y1 - y2, dy2 = y3 - y2, dy3 = y0 - y1 + y2 - y3;
        var det = dx1 * dy2 - dx2 * dy1;
        var g = (dx3 * dy2 - dx2 * dy3) / det;
        var hh = (dx1 * dy3 - dx3 * dy1) / det;
        var square = new SKMatrix(
            x1 - x0 + g * x1, x3 - x0 + hh * x3, x0,
            y1 - y0 + g * y1, y3 - y0 + hh * y3, y0,
            g, hh, 1f);
        return square.PreConcat(SKMatrix.CreateScale(1f / w, 1f / h));
    }

    private static SKPath Polygon(SKPoint[] points)
    {
        using var builder = new SKPathBuilder();
        builder.MoveTo(points[0]);
        foreach (var point in points.Skip(1))
        {
            builder.LineTo(point);
        }

        builder.Close();
        return builder.Detach();
    }

    private static float Jitter(Random random, float amplitude) => (float)(random.NextDouble() * 2 - 1) * amplitude;
}

/// <summary>
/// Per-pixel noise on an RGBA bitmap (opaque, so premultiplication does not matter). Millions of draws per image, so a
/// xorshift generator seeded from the caller's <see cref="Random"/> is used: fast and the same on every runtime.
/// </summary>
internal static class PixelNoise
{
    public static void Gaussian(SKBitmap bitmap, double sigma, Random random)
    {
        // A table of normal samples, indexed at random.
        var table = new float[65_536];
        for (var i = 0; i < table.Length; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            table[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2) * sigma);
        }

        var state = (uint)random.Next(1, int.MaxValue);
        var pixels = bitmap.GetPixelSpan();
        for (var p = 0; p < pixels.Length; p += 4)
        {
            var bits = Next(ref state);
            var luma = table[bits & 0xFFFF];
            var chroma = 0.35f * table[bits >> 16];
            for (var c = 0; c < 3; c++)
            {
                var value = pixels[p + c] + luma + (c == 1 ? -chroma : chroma);
                pixels[p + c] = (byte)Math.Clamp((int)MathF.Round(value), 0, 255);
            }
        }
    }

    public static void SaltAndPepper(SKBitmap bitmap, double fraction, Random random)
    {
        var pixels = bitmap.GetPixelSpan();
        var count = (int)(pixels.Length / 4 * fraction);
        for (var i = 0; i < count; i++)
        {
            var p = random.Next(pixels.Length / 4) * 4;
            var value = (byte)(random.Next(2) == 0 ? random.Next(0, 60) : random.Next(200, 256));
            pixels[p] = pixels[p + 1] = pixels[p + 2] = value;
        }
    }

    private static uint Next(ref uint state)
    {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    }
}
