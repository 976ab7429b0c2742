using SkiaSharp;

namespace MiniMarket.InvoiceCorpus;

internal enum ColumnRole
{
    Plain,

    /// <summary>Takes the width the others leave and wraps; at most one per table.</summary>
    Description,

    /// <summary>The line's amount: where a "Transporte" row puts its sum.</summary>
    Amount,
}

/// <summary>
/// One column of the lines table. A '\n' in <see cref="Header"/> is a forced line break (a header written on two text
/// lines); otherwise a header wraps at spaces only when its column is narrow.
/// </summary>
internal sealed record TableColumn(string Header, bool Right, Func<LineTruth, string> Value, ColumnRole Role = ColumnRole.Plain);

internal enum TableLook
{
    /// <summary>AFIP: a boxed grey band for the header, no rules between the rows.</summary>
    Band,

    /// <summary>ERP: every cell boxed, the header row shaded.</summary>
    Grid,

    /// <summary>A rule above and below the header and one under the last row, nothing else.</summary>
    Rules,
}

/// <summary>
/// The lines table measured at one font size: column widths, wrapped headers and descriptions, row heights. It can draw
/// any run of its rows (a page's share), with a "Transporte" row before or after them.
/// </summary>
internal sealed class InvoiceTable
{
    private readonly IReadOnlyList<TableColumn> _columns;
    private readonly List<string[]> _values;
    private readonly List<List<string>> _descriptions;
    private readonly int _description;

    private InvoiceTable(IReadOnlyList<TableColumn> columns, List<string[]> values, TableLook look, float size, float lineHeight)
    {
        _columns = columns;
        _values = values;
        Look = look;
        Size = size;
        Pad = size * 0.3f;
        LineHeight = lineHeight;
        _description = columns.ToList().FindIndex(c => c.Role == ColumnRole.Description);
        _descriptions = [];
    }

    public TableLook Look { get; }

    public float Size { get; }

    public float Pad { get; }

    public float LineHeight { get; }

    public float[] Widths { get; private set; } = [];

    public List<List<string>> Headers { get; private set; } = [];

    public float HeaderHeight { get; private set; }

    public int RowCount => _values.Count;

    /// <summary>Space between the header and the first row (AFIP leaves a pad; a grid does not).</summary>
    public float BodyLead => Look == TableLook.Grid ? 0f : Pad;

    /// <summary>Lays the table out over <paramref name="width"/> pixels at a font size and a line spacing.</summary>
    public static InvoiceTable Layout(PageCanvas page, IReadOnlyList<TableColumn> columns, IReadOnlyList<LineTruth> lines,
        float width, float size, float spacing, TableLook look)
    {
        var values = lines.Select(l => columns.Select(c => c.Value(l)).ToArray()).ToList();
        var table = new InvoiceTable(columns, values, look, size, page.LineHeight(size) * spacing);
        table.Measure(page, width);
        return table;
    }

    public float RowHeight(int row) => _descriptions[row].Count * LineHeight + (Look == TableLook.Grid ? 2 * Pad : Pad);

    /// <summary>A one-line row ("Transporte").</summary>
    public float ExtraRowHeight => LineHeight + (Look == TableLook.Grid ? 2 * Pad : Pad);

    /// <summary>Height of the header and rows <paramref name="from"/> .. <paramref name="to"/> − 1 plus one-line extra rows.</summary>
    public float Height(int from, int to, int extraRows = 0) =>
        HeaderHeight + BodyLead + Enumerable.Range(from, to - from).Sum(RowHeight) + extraRows * ExtraRowHeight + (Look == TableLook.Rules ? Pad : 0f);

    /// <summary>
    /// Draws the header and rows <paramref name="from"/> .. <paramref name="to"/> − 1 at (<paramref name="left"/>,
    /// <paramref name="top"/>), with a "carried" row (label in the description column, amount in the amount column) before
    /// and/or after them. Returns the bottom of the table.
    /// </summary>
    public float Draw(PageCanvas page, float left, float top, int from, int to, (string Label, string Amount)? before = null,
        (string Label, string Amount)? after = null)
    {
        var right = left + Widths.Sum();
        var headerRect = new SKRect(left, top, right, top + HeaderHeight);
        DrawHeaderRow(page, headerRect);

        var rowTop = top + HeaderHeight + BodyLead;
        var rowPadTop = Look == TableLook.Grid ? Pad : 0f;
        var rowEdges = new List<float> { rowTop };
        if (before is { } carriedIn)
        {
            rowTop = DrawExtraRow(page, left, rowTop, rowPadTop, carriedIn);
            rowEdges.Add(rowTop);
        }

        for (var row = from; row < to; row++)
        {
            var x = left;
            for (var i = 0; i < _columns.Count; i++)
            {
                var value = _values[row][i];
                if (i == _description)
                {
                    var wrapped = _descriptions[row];
                    for (var k = 0; k < wrapped.Count; k++)
                    {
                        page.Text(wrapped[k], x + Pad, rowTop + rowPadTop + k * LineHeight, size: Size);
                    }
                }
                else if (_columns[i].Right)
                {
                    page.Text(value, x + Widths[i] - Pad, rowTop + rowPadTop, size: Size, align: SKTextAlign.Right);
                }
                else
                {
                    page.Text(value, x + Pad, rowTop + rowPadTop, size: Size);
                }

                x += Widths[i];
            }

            rowTop += RowHeight(row);
            rowEdges.Add(rowTop);
        }

        if (after is { } carriedOut)
        {
            rowTop = DrawExtraRow(page, left, rowTop, rowPadTop, carriedOut);
            rowEdges.Add(rowTop);
        }

        return DrawBodyRules(page, left, right, top, rowEdges);
    }

    private void DrawHeaderRow(PageCanvas page, SKRect headerRect)
    {
        if (Look != TableLook.Rules)
        {
            var grey = Look == TableLook.Grid ? (byte)(page.HeaderGrey - 25) : page.HeaderGrey;
            page.Fill(headerRect, new SKColor(grey, grey, grey));
            page.Box(headerRect, 2f);
        }
        else
        {
            page.Line(headerRect.Left, headerRect.Top, headerRect.Right, headerRect.Top, 2.5f);
            page.Line(headerRect.Left, headerRect.Bottom, headerRect.Right, headerRect.Bottom, 1.5f);
        }

        var x = headerRect.Left;
        for (var i = 0; i < _columns.Count; i++)
        {
            var lines = Headers[i];
            var y = headerRect.Top + Pad + (HeaderHeight - 2 * Pad - lines.Count * LineHeight) / 2;
            foreach (var line in lines)
            {
                page.Text(line, x + Widths[i] / 2, y, bold: true, Size, SKTextAlign.Center);
                y += LineHeight;
            }

            x += Widths[i];
        }
    }

    private float DrawExtraRow(PageCanvas page, float left, float rowTop, float rowPadTop, (string Label, string Amount) row)
    {
        var x = left;
        for (var i = 0; i < _columns.Count; i++)
        {
            if (i == _description)
            {
                page.Text(row.Label, x + Pad, rowTop + rowPadTop, bold: true, Size);
            }
            else if (_columns[i].Role == ColumnRole.Amount)
            {
                page.Text(row.Amount, x + Widths[i] - Pad, rowTop + rowPadTop, bold: true, Size, SKTextAlign.Right);
            }

            x += Widths[i];
        }

        return rowTop + ExtraRowHeight;
    }

    // A grid boxes every cell; rules close the table with a line under its last row; AFIP's band draws nothing more.
    private float DrawBodyRules(PageCanvas page, float left, float right, float top, List<float> rowEdges)
    {
        var bottom = rowEdges[^1];
        if (Look == TableLook.Grid)
        {
            foreach (var edge in rowEdges.Skip(1))
            {
                page.Line(left, edge, right, edge, 1.2f);
            }

            var x = left;
            foreach (var width in Widths.SkipLast(1))
            {
                x += width;
                page.Line(x, top, x, bottom, 1.2f);
            }

            page.Box(new SKRect(left, top, right, bottom), 2f);
        }
        else if (Look == TableLook.Rules)
        {
            bottom += Pad;
            page.Line(left, bottom, right, bottom, 1.5f);
        }

        return bottom;
    }

    private void Measure(PageCanvas page, float width)
    {
        Widths = ColumnWidths(page, width);
        Headers = [.. _columns.Select((c, i) => c.Header.Split('\n').SelectMany(h => page.Wrap(h, Widths[i] - 2 * Pad, bold: true, Size)).ToList())];
        HeaderHeight = Headers.Max(h => h.Count) * LineHeight + 2 * Pad;
        _descriptions.Clear();
        _descriptions.AddRange(_values.Select(v => _description < 0 ? [string.Empty] : page.Wrap(v[_description], Widths[_description] - 2 * Pad, size: Size)));
    }

    // Every column but the description is as wide as its widest value or header word (or forced header line); the
    // description takes the rest.
    private float[] ColumnWidths(PageCanvas page, float total)
    {
        var widths = new float[_columns.Count];
        for (var i = 0; i < _columns.Count; i++)
        {
            if (i == _description)
            {
                continue;
            }

            var header = _columns[i].Header;
            var values = _values.Select(v => page.Width(v[i], size: Size)).DefaultIfEmpty(0f).Max();
            if (header.Contains('\n', StringComparison.Ordinal))
            {
                widths[i] = Math.Max(header.Split('\n').Max(h => page.Width(h, bold: true, Size)), values) + 2 * Pad + Size * 0.4f;
                continue;
            }

            var words = header.Split(' ').Select(w => page.Width(w, bold: true, Size));
            var whole = page.Width(header, bold: true, Size);
            var narrow = Math.Max(words.Max(), values);
            // A header on one line when it costs little; else it wraps to two.
            widths[i] = (whole <= narrow * 1.25f ? Math.Max(whole, values) : narrow) + 2 * Pad + Size * 0.4f;
        }

        if (_description >= 0)
        {
            widths[_description] = total - widths.Sum();
        }

        return widths;
    }
}
