using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Components.Pages.Prices;

/// <summary>
/// The markup per category (negocio), exportable; admin and encargado may change one in place, and negocio still decides
/// (its refusal is shown under the field). <see cref="Saved"/> tells the page, whose suggested price depends on it.
/// </summary>
public sealed partial class MarkupsPanel
{
    private List<CategoryMarkupDto>? _markups;
    private string? _markupsProblem;
    private bool _canEditMarkups;
    private string? _editing;
    private decimal? _editValue;
    private string? _editError;
    private bool _savingMarkup;

    [CascadingParameter] public Task<AuthenticationState>? Authentication { get; set; }
    [Inject] public required IPricesClient NegocioPrices { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    /// <summary>A markup was saved (as negocio answered it).</summary>
    [Parameter] public EventCallback<CategoryMarkupDto> Saved { get; set; }

    protected override async Task OnInitializedAsync()
    {
        // The same roles negocio's write policy names; negocio still decides, and its refusal is shown.
        ClaimsPrincipal? user = Authentication is null ? null : (await Authentication).User;
        _canEditMarkups = user is not null && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Encargado));
        await LoadMarkupsAsync();
    }

    private async Task LoadMarkupsAsync()
    {
        var result = await NegocioPrices.ListMarkupsAsync();
        _markups = result.Ok ? result.Value!.OrderBy(m => m.Category, StringComparer.CurrentCulture).ToList() : null;
        _markupsProblem = result.Ok ? null : Describe(result.Problem!, "negocio");
    }

    private bool IsEditing(CategoryMarkupDto markup) => string.Equals(_editing, markup.Category, StringComparison.Ordinal);

    private string EditLabel(CategoryMarkupDto markup) => L.Format("Prices.EditMarkup", markup.Category);

    private void EditMarkup(CategoryMarkupDto markup)
    {
        _editing = markup.Category;
        _editValue = markup.MarkupPercent;
        _editError = null;
    }

    private void CancelEdit()
    {
        _editing = null;
        _editError = null;
    }

    /// <summary>Sends the new markup; negocio validates it and decides whether this person may change it.</summary>
    private async Task SaveMarkupAsync()
    {
        if (_editing is not { } category || _savingMarkup) return;
        _savingMarkup = true;
        try
        {
            var result = await NegocioPrices.SetMarkupAsync(category, _editValue);
            if (!result.Ok)
            {
                var problem = result.Problem!;
                _editError = problem.Unavailable ? L.Format("Agent.Down", "negocio", problem.Message)
                    : problem.Status == 403 ? L.Format("Prices.MarkupForbidden", problem.Message)
                    : problem.Message;
                return;
            }
            var saved = result.Value!;
            CancelEdit();
            Snackbar.Add(L.Format("Prices.MarkupSaved", saved.Category, Pct(saved.MarkupPercent)), Severity.Success);
            await LoadMarkupsAsync();
            await Saved.InvokeAsync(saved);
        }
        finally
        {
            _savingMarkup = false;
        }
    }

    private Task<AgentResult<byte[]>> MarkupsFileAsync() => CsvExport.Ready(MarkupsCsv(_markups ?? []));

    public static byte[] MarkupsCsv(IEnumerable<CategoryMarkupDto> markups) => CsvExport.Build(
        ["Categoría", "Recargo (%)", "Por defecto"],
        markups.Select(m => (IReadOnlyList<object?>)[m.Category, m.MarkupPercent, m.IsDefault]));


    private static string Pct(decimal percent) => PriceText.Pct(percent);

    private string Describe(AgentProblem problem, string agent) => PriceText.Describe(L, problem, agent);
}
