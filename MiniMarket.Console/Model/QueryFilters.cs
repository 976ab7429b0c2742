using Microsoft.AspNetCore.Components;

namespace MiniMarket.Console.Model;

/// <summary>
/// The grids keep their filters in the address (a link or a reload shows the same rows): a filter changed on screen
/// replaces the entry in the history instead of piling one up per keystroke.
/// </summary>
public static class QueryFilters
{
    /// <summary>
    /// Sets the named query parameters; an empty or blank value removes its parameter. The parameters not named stay as
    /// they are.
    /// </summary>
    public static void SetQuery(this NavigationManager navigation, params (string Name, string? Value)[] changes) =>
        navigation.NavigateTo(navigation.GetUriWithQueryParameters(changes.ToDictionary(
            c => c.Name, c => string.IsNullOrWhiteSpace(c.Value) ? null : (object?)c.Value, StringComparer.Ordinal)), replace: true);
}
