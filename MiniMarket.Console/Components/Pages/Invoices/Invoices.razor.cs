using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using MudBlazor;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Console.Components.Pages.Invoices;

/// <summary>
/// Facturas: upload a photo or scan (drag and drop, or the phone's camera) — negocio reads it with ml's OCR and keeps a
/// draft — and the lists of drafts, confirmed and discarded invoices (paged by negocio, CSV export).
/// </summary>
public sealed partial class Invoices
{
    /// <summary>The biggest photo the console accepts (negocio's own limit is 15 MB by default).</summary>
    public const int MaxImageMegabytes = 15;

    /// <summary>negocio reads an invoice from up to five pages (photos) at once.</summary>
    public const int MaxPages = 5;

    public static readonly IReadOnlyList<(string State, string Key)> States =
        [("borrador", "Invoices.Tab.Drafts"), ("confirmada", "Invoices.Tab.Confirmed"), ("descartada", "Invoices.Tab.Discarded")];

    private MudTable<InvoiceSummaryDto>? _table;
    private int _tabIndex;
    private string? _error;
    private string? _uploadProblem;
    private string? _uploadName;
    private bool _uploading;

    [Inject] public required INegocioClient Negocio { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    private int _tab
    {
        get => _tabIndex;
        set
        {
            if (_tabIndex == value) return;
            _tabIndex = value;
            _ = _table?.ReloadServerData();
        }
    }

    private string State => States[Math.Clamp(_tabIndex, 0, States.Count - 1)].State;

    private async Task<TableData<InvoiceSummaryDto>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var result = await Negocio.ListInvoicesAsync(State, state.Page + 1, state.PageSize, cancellationToken);
        return AgentTables.Rows(result, L, "negocio", ref _error, StateHasChanged);
    }

    private void OpenRow(TableRowClickEventArgs<InvoiceSummaryDto> row) => Navigation.NavigateTo($"facturas/{row.Item!.Id}");

    /// <summary>
    /// Sends the photo to negocio (OCR takes a few seconds) and opens the draft it made. Several files chosen together are
    /// the pages of one invoice, in the order chosen. One upload at a time.
    /// </summary>
    private async Task UploadAsync(InputFileChangeEventArgs e)
    {
        if (_uploading) return;
        _uploadProblem = null;
        if (e.FileCount > MaxPages)
        {
            _uploadProblem = L.Format("Invoices.TooManyPages", e.FileCount, MaxPages);
            return;
        }
        var files = e.GetMultipleFiles(MaxPages);
        foreach (var file in files)
        {
            if (file.ContentType is not ("image/png" or "image/jpeg"))
            {
                _uploadProblem = L.Format("Invoices.WrongType", file.Name);
                return;
            }
        }
        if (files.Sum(f => f.Size) > MaxImageMegabytes * 1024L * 1024L)
        {
            _uploadProblem = L.Format("Invoices.TooBig", string.Join(", ", files.Select(f => f.Name)), MaxImageMegabytes);
            return;
        }
        _uploading = true;
        _uploadName = string.Join(", ", files.Select(f => f.Name));
        try
        {
            var pages = new List<InvoicePhoto>();
            foreach (var file in files)
            {
                using var buffer = new MemoryStream();
                await using (var stream = file.OpenReadStream(MaxImageMegabytes * 1024L * 1024L))
                    await stream.CopyToAsync(buffer);
                pages.Add(new InvoicePhoto(buffer.ToArray(), file.ContentType));
            }
            var result = await Negocio.UploadInvoiceAsync(pages);
            if (result.Ok)
            {
                Navigation.NavigateTo($"facturas/{result.Value!.Id}");
                return;
            }
            _uploadProblem = L.Problem(result.Problem!, "negocio");
        }
        finally
        {
            _uploading = false;
        }
    }

    /// <summary>Every invoice of the tab's state, as CSV.</summary>
    private Task<AgentResult<byte[]>> InvoicesFileAsync() => CsvExport.BuildAllAsync<InvoiceSummaryDto>(
        (page, size) => Negocio.ListInvoicesAsync(State, page, size),
        rows => CsvExport.Build(["Tipo", "Número", "Emisor", "CUIT", "Fecha", "Total", "Líneas", "Sin producto", "Confianza OCR", "Cargada", "Confirmada"],
            rows.Select(i => (IReadOnlyList<object?>)[i.Type, i.DisplayNumber, i.IssuerName, i.IssuerCuit, i.IssueDate, i.Total, i.Lines, i.UnmatchedLines,
                i.OcrConfidence, i.CreatedAt, i.ConfirmedAt])));
}
