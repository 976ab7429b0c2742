using System.Globalization;
using System.Text;
using Microsoft.JSInterop;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Components.Controls;

/// <summary>
/// A grid as a CSV file Excel opens right in Argentina: UTF-8 with BOM (accents), ';' between fields (the list separator
/// where ',' is the decimal mark), numbers es-AR style ("1.234,50"), dates dd/MM/yyyy HH:mm in Buenos Aires time, and
/// fields quoted when they hold ';', quotes or line breaks. A text that starts with = + - @ is prefixed with an
/// apostrophe so a spreadsheet does not run it as a formula.
/// </summary>
public static class CsvExport
{
    public const string ContentType = "text/csv; charset=utf-8";
    private const char Separator = ';';

    /// <summary>The most rows an export reads from an agent, page by page.</summary>
    public const int MaxRows = 10_000;
    public const int PageSize = 200;

    /// <summary>
    /// Every row of a paged agent list, in its order, reading <see cref="PageSize"/> at a time up to <see cref="MaxRows"/>;
    /// the first refusal (or the agent down) is the answer.
    /// </summary>
    public static async Task<AgentResult<List<T>>> ReadAllAsync<T>(Func<int, int, Task<AgentResult<PagedResult<T>>>> readPage)
    {
        var rows = new List<T>();
        for (var page = 1; rows.Count < MaxRows; page++)
        {
            var result = await readPage(page, PageSize);
            if (!result.Ok) return AgentResult<List<T>>.Failure(result.Problem!);
            rows.AddRange(result.Value!.Items);
            if (result.Value.Items.Count < PageSize || rows.Count >= result.Value.Total) break;
        }
        return AgentResult<List<T>>.Success(rows);
    }

    /// <summary>The file of every row a paged agent list gives (see <see cref="ReadAllAsync{T}"/>), or the agent's refusal.</summary>
    public static async Task<AgentResult<byte[]>> BuildAllAsync<T>(Func<int, int, Task<AgentResult<PagedResult<T>>>> readPage, Func<IReadOnlyList<T>, byte[]> toCsv)
    {
        var rows = await ReadAllAsync(readPage);
        return rows.Ok ? AgentResult<byte[]>.Success(toCsv(rows.Value!)) : AgentResult<byte[]>.Failure(rows.Problem!);
    }

    /// <summary>A file built from rows already on screen.</summary>
    public static Task<AgentResult<byte[]>> Ready(byte[] csv) => Task.FromResult(AgentResult<byte[]>.Success(csv));

    /// <summary>Hands the file to the browser (wwwroot/js/download.js).</summary>
    public static ValueTask DownloadAsync(IJSRuntime js, string fileName, byte[] csv) =>
        js.InvokeVoidAsync("mmDownload", fileName, ContentType, Convert.ToBase64String(csv));

    public static byte[] Build(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var text = new StringBuilder();
        AppendRow(text, headers);
        foreach (var row in rows) AppendRow(text, row.Select(Format).ToList());
        var preamble = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(text.ToString());
        return [.. preamble, .. body];
    }

    /// <summary>How one value is written: numbers and money es-AR, dates in Buenos Aires time, booleans sí/no.</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        decimal d => d.ToString("#,0.##", ArsFormat.EsAr),
        double d when !double.IsFinite(d) => "",
        double d => d.ToString("#,0.##", ArsFormat.EsAr),
        int i => i.ToString("#,0", ArsFormat.EsAr),
        long l => l.ToString("#,0", ArsFormat.EsAr),
        bool b => b ? "sí" : "no",
        DateTimeOffset t => BuenosAiresTime.FormatDateTime(t),
        DateOnly d => BuenosAiresTime.FormatDate(d),
        IFormattable f => f.ToString(null, ArsFormat.EsAr),
        _ => value.ToString() ?? "",
    };

    private static void AppendRow(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) text.Append(Separator);
            text.Append(Escape(fields[i]));
        }
        text.Append("\r\n");
    }

    private static string Escape(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' && !IsNumber(field)) field = "'" + field;
        return field.IndexOfAny([Separator, '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }

    // "-1.234,5" is a negative number, not a formula.
    private static bool IsNumber(string field) => decimal.TryParse(field, NumberStyles.Number, ArsFormat.EsAr, out _);
}
