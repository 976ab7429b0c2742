using SkiaSharp;

namespace MiniMarket.InvoiceCorpus;

/// <summary>
/// Text and box drawing on one page in the style's fonts. Positions are the top-left of a text line (not the baseline);
/// sizes are in pixels at 200 DPI. Text that does not fit a width is wrapped at spaces, never cut, so what is printed
/// is always the whole truth.
/// </summary>
internal sealed class PageCanvas : IDisposable
{
    private readonly SKCanvas _canvas;
    private readonly RenderStyle _style;
    private readonly SKPaint _ink;
    private readonly SKPaint _stroke;
    private readonly Dictionary<(bool Bold, float Size), SKFont> _fonts = [];
    private bool _drawn;

    public PageCanvas(SKCanvas canvas, RenderStyle style)
    {
        _canvas = canvas;
        _style = style;
        _ink = new SKPaint { Color = style.Ink, IsAntialias = true };
        _stroke = new SKPaint { Color = style.Ink, IsAntialias = true, IsStroke = true, StrokeWidth = 2.5f };
    }

    public float FontPx => _style.FontPx;

    public SKColor InkColor => _style.Ink;

    public byte HeaderGrey => _style.HeaderGrey;

    /// <summary>Distance between the tops of two lines at a size.</summary>
    public float LineHeight(float? size = null) => (size ?? _style.FontPx) * _style.LineFactor;

    public float Width(string text, bool bold = false, float? size = null) => Font(bold, size).MeasureText(text);

    /// <summary>Every text line drawn, with the box of its ink (for tests: nothing overlaps, nothing is cut off).</summary>
    public List<(string Text, SKRect Box)> TextBoxes { get; } = [];

    /// <summary>The union of everything drawn: text boxes, rules, boxes and fills.</summary>
    public SKRect Bounds { get; private set; } = SKRect.Empty;

    /// <summary>Draws one line of text; <paramref name="x"/> is its left, centre or right edge by <paramref name="align"/>.</summary>
    public void Text(string text, float x, float top, bool bold = false, float? size = null, SKTextAlign align = SKTextAlign.Left)
    {
        var font = Font(bold, size);
        _canvas.DrawText(text, x, top - font.Metrics.Ascent, align, font, _ink);
        // The ink: the glyphs' own bounds around the baseline, shifted as the alignment shifts the text.
        var width = font.MeasureText(text, out var ink);
        var left = align switch { SKTextAlign.Center => x - width / 2, SKTextAlign.Right => x - width, _ => x };
        var box = ink.IsEmpty ? SKRect.Empty : SKRect.Create(left + ink.Left, top - font.Metrics.Ascent + ink.Top, ink.Width, ink.Height);
        TextBoxes.Add((text, box));
        if (!ink.IsEmpty)
        {
            Extend(box);
        }
    }

    /// <summary>
    /// Draws the bold label and then the value, wrapping the value onto following lines (aligned with the label) when
    /// it does not fit before <paramref name="right"/>. Returns the top of the next free line.
    /// </summary>
    public float LabelValue(string label, string value, float x, float top, float right, float? size = null, bool boldValue = false)
    {
        var labelWidth = Width(label + " ", bold: true, size);
        Text(label, x, top, bold: true, size);
        var lines = Wrap(value, right - x - labelWidth, boldValue, size);
        var overflows = lines.Any(l => Width(l, boldValue, size) > right - x - labelWidth);
        if (lines.Count > 1 || overflows)
        {
            // Not enough room beside the label: the whole value goes under it, as AFIP's PDFs wrap long addresses.
            var under = Wrap(value, right - x, boldValue, size);
            if (under.Count < lines.Count || (overflows && under.All(l => Width(l, boldValue, size) <= right - x)))
            {
                top += LineHeight(size);
                labelWidth = 0;
                lines = under;
            }
        }

        foreach (var line in lines)
        {
            Text(line, x + labelWidth, top, boldValue, size);
            top += LineHeight(size);
            labelWidth = 0;
        }

        return top;
    }

    /// <summary>Draws a paragraph wrapped to a width; returns the top of the next free line.</summary>
    public float Paragraph(string text, float x, float top, float width, bool bold = false, float? size = null)
    {
        foreach (var line in Wrap(text, width, bold, size))
        {
            Text(line, x, top, bold, size);
            top += LineHeight(size);
        }

        return top;
    }

    /// <summary>Splits text at spaces into lines no wider than <paramref name="width"/> (a single long word stays whole).</summary>
    public List<string> Wrap(string text, float width, bool bold = false, float? size = null)
    {
        var lines = new List<string>();
        var current = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && Width(candidate, bold, size) > width)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }

        lines.Add(current);
        return lines;
    }

    public void Box(SKRect rect, float strokeWidth = 2.5f)
    {
        _stroke.StrokeWidth = strokeWidth;
        _canvas.DrawRect(rect, _stroke);
        Extend(rect);
    }

    public void Line(float x0, float y0, float x1, float y1, float strokeWidth = 2.5f)
    {
        _stroke.StrokeWidth = strokeWidth;
        _canvas.DrawLine(x0, y0, x1, y1, _stroke);
        Extend(new SKRect(Math.Min(x0, x1), Math.Min(y0, y1), Math.Max(x0, x1), Math.Max(y0, y1)));
    }

    public void Fill(SKRect rect, SKColor color)
    {
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        _canvas.DrawRect(rect, paint);
        Extend(rect);
    }

    public void Dispose()
    {
        foreach (var font in _fonts.Values)
        {
            font.Dispose();
        }

        _ink.Dispose();
        _stroke.Dispose();
    }

    private void Extend(SKRect rect)
    {
        Bounds = _drawn ? SKRect.Union(Bounds, rect) : rect;
        _drawn = true;
    }

    private SKFont Font(bool bold, float? size)
    {
        var key = (bold, size ?? _style.FontPx);
        if (!_fonts.TryGetValue(key, out var font))
        {
            font = new SKFont(bold ? _style.Family.Bold : _style.Family.Regular, key.Item2)
            {
                Edging = SKFontEdging.Antialias,
                Subpixel = true,
            };
            _fonts[key] = font;
        }

        return font;
    }
}
