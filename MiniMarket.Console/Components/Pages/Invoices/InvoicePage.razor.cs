using Microsoft.AspNetCore.Components;
using MudBlazor;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Console.Components.Pages.Invoices;

/// <summary>A product picked for an invoice line: its id and how it reads.</summary>
public sealed record ProductChoice(int Id, string Label);

/// <summary>
/// One invoice: the photo beside what the OCR read, each field's confidence (doubtful ones highlighted), fields and
/// lines to correct, a product for each line (search deposito), and confirm — where a refusal lists exactly why (IVA
/// arithmetic, duplicate invoice, bad CUIT) next to the fields it names. Confirming saves the corrections first.
/// </summary>
public sealed partial class InvoicePage
{
    private InvoiceDto? _invoice;
    private InvoiceForm? _form;
    private string? _problem;
    private List<(string Field, string Message)> _refusal = [];
    private string _refusalTitle = "";
    private List<BreadcrumbItem> _breadcrumbs = [];
    private bool _busy;
    private string? _searchProblem;

    [Parameter] public Guid Id { get; set; }
    [Inject] public required INegocioClient Negocio { get; init; }
    [Inject] public required IDepositoClient Deposito { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    private bool Editable => _invoice?.State == "borrador";

    private Color StateColor => _invoice?.State switch
    {
        "confirmada" => Color.Success,
        "descartada" => Color.Default,
        _ => Color.Warning,
    };

    protected override async Task OnParametersSetAsync()
    {
        var result = await Negocio.GetInvoiceAsync(Id);
        Show(result);
        _breadcrumbs = [new(L["Nav.Invoices"], "facturas"), new(_invoice?.DisplayNumber ?? Id.ToString(), null, disabled: true)];
    }

    private void Show(AgentResult<InvoiceDto> result)
    {
        if (result.Ok)
        {
            _invoice = result.Value!;
            _form = InvoiceForm.From(_invoice);
            _problem = null;
        }
        else
        {
            _problem = Describe(result.Problem!);
        }
    }

    private string Describe(AgentProblem problem) => L.Problem(problem, "negocio");

    /// <summary>"doubtful" styling for a field the OCR was not sure of.</summary>
    private string? Doubt(string field) => _form?.IsDoubtful(field) == true ? "mm-doubtful" : null;

    private string? Confidence(string field) => _form?.ConfidenceOf(field) is { } c
        ? L.Format("Invoice.FieldConfidence", (c * 100).ToString("0", MiniMarket.Core.Domain.ArsFormat.EsAr)) : null;

    private bool Refused(string field) => _refusal.Any(r => string.Equals(r.Field, field, StringComparison.OrdinalIgnoreCase));

    private string? RefusalOf(string field) =>
        _refusal.Where(r => string.Equals(r.Field, field, StringComparison.OrdinalIgnoreCase)).Select(r => r.Message).FirstOrDefault();

    /// <summary>
    /// What a line without its own IVA rate is taken at when confirming (negocio's rule): 21 % on a factura A, 0 on B and C,
    /// whose prices include the IVA.
    /// </summary>
    private string DefaultLineRate => L.Format("Invoice.Line.IvaDefault",
        (_form?.Type == "A" ? MiniMarket.Core.Domain.IvaRate.General : MiniMarket.Core.Domain.IvaRate.Zero).ToString());

    /// <summary>negocio's name of a line's field: <c>lines[0].amount</c> is the first line's amount.</summary>
    private static string LineField(int index, string field) => $"lines[{index}].{field}";

    private string LineCaption(InvoiceLineForm line)
    {
        var confidence = line.Confidence < 1
            ? L.Format("Invoice.LineConfidence", (line.Confidence * 100).ToString("0", MiniMarket.Core.Domain.ArsFormat.EsAr))
            : L["Invoice.LineTyped"];
        return line.Code is { Length: > 0 } code ? $"{code} · {confidence}" : confidence;
    }

    /// <summary>
    /// A line the OCR missed (typed, so certain; it needs a product like any other) or an IVA rate it missed. The refusal
    /// shown named rows by their positions, so it is cleared rather than left pointing at the wrong rows.
    /// </summary>
    private void AddRow<T>(List<T> rows) where T : new()
    {
        rows.Add(new T());
        _refusal = [];
    }

    /// <summary>Removes a line the OCR read twice (or a subtotal it took for a line), or an IVA rate; see <see cref="AddRow{T}"/>.</summary>
    private void RemoveRow<T>(List<T> rows, int index)
    {
        if (index < 0 || index >= rows.Count) return;
        rows.RemoveAt(index);
        _refusal = [];
    }

    private static ProductChoice? SelectedProduct(InvoiceLineForm line) =>
        line.ProductId is { } id ? new ProductChoice(id, line.ProductLabel ?? id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;

    private static string ProductText(ProductChoice? choice) => choice?.Label ?? "";

    private void Match(InvoiceLineForm line, ProductChoice? choice)
    {
        line.ProductId = choice?.Id;
        line.ProductLabel = choice?.Label;
        line.Match = choice is null ? null : "manual";
        line.MatchScore = choice is null ? 0 : 1;
    }

    /// <summary>Active products matching the text; when deposito refuses or does not answer, the page says so above the lines.</summary>
    private async Task<IEnumerable<ProductChoice>> SearchProductsAsync(string? text, CancellationToken cancellationToken)
    {
        var result = await Deposito.ListProductsAsync(new ProductQuery(Text: text, Active: true, PageSize: ProductPicker.PageSize), cancellationToken);
        var problem = result.Ok ? null : L.Problem(result.Problem!, "deposito");
        if (problem != _searchProblem)
        {
            // The autocomplete redraws its list, not the page: show or clear the message now.
            _searchProblem = problem;
            StateHasChanged();
        }
        return result.Ok ? result.Value!.Items.Select(p => new ProductChoice(p.Id, $"{p.Code} · {p.Name}")) : [];
    }

    private async Task<bool> SaveCoreAsync()
    {
        // An IVA row half typed is said here, next to it, rather than sent as a 0 nobody typed.
        var incomplete = _form!.IncompleteIva();
        if (incomplete.Count > 0)
        {
            _refusalTitle = L["Invoice.SaveRefused"];
            _refusal = [];
            foreach (var (index, rateMissing, amountMissing) in incomplete)
            {
                if (rateMissing) _refusal.Add(($"iva[{index}].ratePercent", L.Format("Invoice.IvaRateMissing", index + 1)));
                if (amountMissing) _refusal.Add(($"iva[{index}].amount", L.Format("Invoice.IvaAmountMissing", index + 1)));
            }
            return false;
        }
        var saved = await Negocio.UpdateInvoiceAsync(Id, _form!.ToRequest());
        if (saved.Ok)
        {
            Show(saved);
            return true;
        }
        Refuse(saved.Problem!, L["Invoice.SaveRefused"]);
        return false;
    }

    private async Task SaveAsync()
    {
        if (_busy || _form is null) return;
        _busy = true;
        try
        {
            _refusal = [];
            if (await SaveCoreAsync()) Snackbar.Add(L["Invoice.Saved"], Severity.Success);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ConfirmAsync()
    {
        if (_busy || _form is null) return;
        _busy = true;
        try
        {
            _refusal = [];
            if (!await SaveCoreAsync()) return;
            var confirmed = await Negocio.ConfirmInvoiceAsync(Id);
            if (confirmed.Ok)
            {
                Show(confirmed);
                Snackbar.Add(L.Format("Invoice.ConfirmedShort", confirmed.Value!.UnitsEntered ?? 0), Severity.Success);
                return;
            }
            Refuse(confirmed.Problem!, L["Invoice.ConfirmRefused"]);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DiscardAsync()
    {
        if (_busy) return;
        _busy = true;
        try
        {
            var discarded = await Negocio.DiscardInvoiceAsync(Id);
            if (discarded.Ok) Show(discarded);
            else Refuse(discarded.Problem!, L["Invoice.DiscardRefused"]);
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Every reason the agent gave, by field (the fields light up), or its single message.</summary>
    private void Refuse(AgentProblem problem, string title)
    {
        _refusalTitle = title;
        _refusal = problem.Errors.Count > 0
            ? problem.Errors.SelectMany(e => e.Value.Select(m => (e.Key, m))).ToList()
            : [("", Describe(problem))];
    }
}
