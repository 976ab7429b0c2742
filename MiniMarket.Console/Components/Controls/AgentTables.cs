using Microsoft.Extensions.Localization;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MudBlazor;

namespace MiniMarket.Console.Components.Controls;

/// <summary>A page of an agent's list as a MudTable's server data.</summary>
public static class AgentTables
{
    /// <summary>The page's rows and the list's total, or no rows when the agent refused or is down.</summary>
    public static TableData<T> Rows<T>(AgentResult<PagedResult<T>> result) => result.Ok
        ? new TableData<T> { Items = result.Value!.Items, TotalItems = result.Value.Total }
        : new TableData<T> { Items = [], TotalItems = 0 };

    /// <summary>
    /// The same, and the page's message above the table set to why the agent gave no rows (null when it answered). The
    /// table renders itself, not the page: <paramref name="redraw"/> (the page's StateHasChanged) runs when the message changes.
    /// </summary>
    public static TableData<T> Rows<T>(AgentResult<PagedResult<T>> result, IStringLocalizer localizer, string agent, ref string? message, Action redraw)
    {
        var now = result.Ok ? null : localizer.Problem(result.Problem!, agent);
        if (now != message)
        {
            message = now;
            redraw();
        }
        return Rows(result);
    }
}
