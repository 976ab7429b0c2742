using System.Globalization;
using MiniMarket.InvoiceCorpus;

namespace MiniMarket.Benchmarks;

/// <summary>
/// One row of the OCR benchmark's table: the scores of the invoices of one layout × kind (or of everything) and the
/// seconds of each page. Rates are of invoices, except "lines" (of the truth's lines) and the latencies (of pages).
/// </summary>
internal sealed class OcrBenchmarkReport(string layout, string kind)
{
    public const string Header =
        "layout               kind          inv  pages  cuit    type    number  date    total   all-5   lines   all-ln  name    iva     qr      pass/p  median s  p95 s  pages/s";

    public const string Legend =
        "all-5: every key field right; lines: truth lines read exactly (same position, quantity, unit price and amount); all-ln: invoices with every line exact " +
        "and none extra; name / iva: issuer name (case, accents, spaces ignored) and IVA condition exact; qr: invoices whose AFIP QR code was decoded (its values then stand for the key fields); " +
        "pass/p: recognition passes per page (1 to 3); seconds are per page image.";

    private readonly int[] _keyFields = new int[InvoiceScore.KeyFieldNames.Count];
    private readonly List<double> _pageSeconds = [];
    private int _invoices;
    private int _allKeyFields;
    private int _truthLines;
    private int _linesExact;
    private int _allLinesExact;
    private int _names;
    private int _conditions;
    private int _qrRead;
    private int _passes;

    /// <summary>Wall-clock time of the run (for pages per second).</summary>
    public TimeSpan Elapsed { get; set; }

    public void Add(InvoiceScore score, IReadOnlyList<double> pageSeconds, bool qrRead, int passes)
    {
        _invoices++;
        _qrRead += qrRead ? 1 : 0;
        _passes += passes;
        for (var i = 0; i < _keyFields.Length; i++)
        {
            _keyFields[i] += score.KeyFields[i] ? 1 : 0;
        }

        _allKeyFields += score.AllKeyFields ? 1 : 0;
        _truthLines += score.TruthLines;
        _linesExact += score.LinesExact;
        _allLinesExact += score.AllLinesExact ? 1 : 0;
        _names += score.IssuerNameExact ? 1 : 0;
        _conditions += score.IssuerIvaConditionExact ? 1 : 0;
        _pageSeconds.AddRange(pageSeconds);
    }

    public void Merge(OcrBenchmarkReport other)
    {
        _invoices += other._invoices;
        for (var i = 0; i < _keyFields.Length; i++)
        {
            _keyFields[i] += other._keyFields[i];
        }

        _allKeyFields += other._allKeyFields;
        _truthLines += other._truthLines;
        _linesExact += other._linesExact;
        _allLinesExact += other._allLinesExact;
        _names += other._names;
        _conditions += other._conditions;
        _qrRead += other._qrRead;
        _passes += other._passes;
        _pageSeconds.AddRange(other._pageSeconds);
        Elapsed += other.Elapsed;
    }

    public string Row()
    {
        var sorted = _pageSeconds.Order().ToList();
        var keys = string.Join(" ", _keyFields.Select(k => $"{Percent(k, _invoices),-7}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"{layout,-20} {kind,-13} {_invoices,4} {sorted.Count,6}  {keys} {Percent(_allKeyFields, _invoices),-7} {Percent(_linesExact, _truthLines),-7} " +
            $"{Percent(_allLinesExact, _invoices),-7} {Percent(_names, _invoices),-7} {Percent(_conditions, _invoices),-7} " +
            $"{Percent(_qrRead, _invoices),-7} {(sorted.Count == 0 ? double.NaN : (double)_passes / sorted.Count),6:0.00}  " +
            $"{Quantile(sorted, 0.5),8:0.00}  {Quantile(sorted, 0.95),5:0.00}  {(Elapsed > TimeSpan.Zero ? sorted.Count / Elapsed.TotalSeconds : double.NaN),7:0.00}");
    }

    private static string Percent(int part, int whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>The value under which a share <paramref name="q"/> of <paramref name="sorted"/> lies (NaN when empty).</summary>
    internal static double Quantile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
}
