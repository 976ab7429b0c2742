using System.Security.Claims;
using Microsoft.Extensions.Options;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>
/// The chain's stores this console knows (section <c>Chain</c>): for each, its id (the store label of its data), its name
/// and where its agents answer, so that the business screens can work on any of them. The console's own store
/// (<c>Store:Id</c>, agents at <c>Agents:*</c>) needs no entry. Empty: a store alone.
/// </summary>
public sealed class ChainOptions
{
    public const string Section = "Chain";

    public ChainStore[] Stores { get; set; } = [];

    /// <summary>The roles that see and act on every store; the others only on the stores their account names (claim store).</summary>
    public string[] AllStoresRoles { get; set; } = [Roles.Admin, Roles.Guardia];
}

/// <summary>One store of the chain: id, name, and its agents' addresses (each optional: a screen needing a missing one says so).</summary>
public sealed class ChainStore
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? DepositoUrl { get; set; }
    public string? NegocioUrl { get; set; }
    public string? MlUrl { get; set; }

    public string? UrlOf(string agent) => AgentsOptions.Pick(agent, DepositoUrl, NegocioUrl, MlUrl);
}

public sealed class ChainOptionsValidator : IValidateOptions<ChainOptions>
{
    public ValidateOptionsResult Validate(string? name, ChainOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Stores.Length; i++)
        {
            var store = options.Stores[i];
            var key = $"Chain:Stores:{i}";
            if (!StoreOptions.IsValidId(store.Id))
                failures.Add($"La configuración '{key}:Id' no es un identificador de sucursal válido (a-z, 0-9 y '-', hasta {StoreOptions.MaxIdLength}).");
            else if (options.Stores.Take(i).Any(s => s.Id == store.Id))
                failures.Add($"La configuración '{key}:Id' repite la sucursal '{store.Id}'.");
            if (string.IsNullOrWhiteSpace(store.Name) || store.Name.Length > StoreOptions.MaxNameLength || store.Name.Any(char.IsControl))
                failures.Add($"La configuración '{key}:Name' debe tener de 1 a {StoreOptions.MaxNameLength} caracteres, sin caracteres de control.");
            ObservabilityOptionsValidator.CheckUrl(store.DepositoUrl, key + ":DepositoUrl", required: false, failures);
            ObservabilityOptionsValidator.CheckUrl(store.NegocioUrl, key + ":NegocioUrl", required: false, failures);
            ObservabilityOptionsValidator.CheckUrl(store.MlUrl, key + ":MlUrl", required: false, failures);
        }
        foreach (var role in options.AllStoresRoles.Where(r => !Roles.IsKnown(r)))
            failures.Add($"La configuración 'Chain:AllStoresRoles' nombra un rol desconocido: '{role}'.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>A store as the console offers it: id and name.</summary>
public sealed record StoreChoice(string Id, string Name);

/// <summary>
/// The store a person's session works on (per Blazor circuit): the business screens call that store's agents, with a
/// token for that store (the agents refuse any other). Chosen from the address (<c>?sucursal=</c>, which every page
/// keeps), among the stores the person may see: every known store for <see cref="ChainOptions.AllStoresRoles"/>, else
/// the stores their account names (claim <c>store</c>), else the console's own store. None chosen: the console's own
/// store (or the person's first one).
/// </summary>
public sealed class StoreSelection(IOptions<StoreOptions> own, IOptions<ChainOptions> chain)
{
    private string? _chosen;

    /// <summary>The console's own store (Store:Id), whose agents are Agents:*.</summary>
    public StoreChoice Own { get; } = new(own.Value.Id, own.Value.Name);

    /// <summary>Every store this console knows: its own, then the chain's.</summary>
    public IReadOnlyList<StoreChoice> Known => [Own, .. chain.Value.Stores.Where(s => s.Id != Own.Id).Select(s => new StoreChoice(s.Id, s.Name))];

    /// <summary>The store chosen in the address, or null (none: see <see cref="Current"/>).</summary>
    public string? Chosen => _chosen;

    /// <summary>The stores <paramref name="user"/> may see and act on.</summary>
    public IReadOnlyList<StoreChoice> AllowedFor(ClaimsPrincipal user)
    {
        if (chain.Value.AllStoresRoles.Any(user.IsInRole) || TokenIssuer.RolesOf(user).Intersect(chain.Value.AllStoresRoles, StringComparer.Ordinal).Any())
            return Known;
        var named = user.FindAll(TokenIssuer.StoreClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return named.Count == 0 ? [Own] : [.. Known.Where(s => named.Contains(s.Id))];
    }

    /// <summary>The store the session works on now, for <paramref name="user"/>.</summary>
    public StoreChoice Current(ClaimsPrincipal user)
    {
        var allowed = AllowedFor(user);
        return allowed.FirstOrDefault(s => s.Id == _chosen) ?? allowed.FirstOrDefault(s => s.Id == Own.Id) ?? (allowed.Count > 0 ? allowed[0] : Own);
    }

    /// <summary>Takes the address' <c>sucursal</c>: kept when it is a store <paramref name="user"/> may see; otherwise nothing is chosen.</summary>
    public bool Choose(string? storeId, ClaimsPrincipal user)
    {
        var id = storeId?.Trim();
        _chosen = !string.IsNullOrEmpty(id) && AllowedFor(user).Any(s => s.Id == id) ? id : null;
        return _chosen is not null || string.IsNullOrEmpty(id);
    }

    /// <summary>Takes the <c>sucursal</c> of an address (the page the person is on).</summary>
    public bool ChooseFromAddress(string address, ClaimsPrincipal user) => Choose(StoreIn(address), user);

    /// <summary>
    /// The store of the page the person is on (its address keeps it), when there is a page: the choice already made stands
    /// when the navigation manager is not initialized yet (prerendering, a call outside a circuit). Then the current store.
    /// </summary>
    public StoreChoice CurrentOnPage(Microsoft.AspNetCore.Components.NavigationManager? navigation, ClaimsPrincipal user)
    {
        try
        {
            if (navigation is not null) ChooseFromAddress(navigation.Uri, user);
        }
        catch (InvalidOperationException)
        {
            // Not initialized: the choice already made stands.
        }
        return Current(user);
    }

    /// <summary>The store id an address names (?sucursal=), when it is one; null otherwise.</summary>
    public static string? StoreIn(string address)
    {
        var query = Uri.TryCreate(address, UriKind.Absolute, out var uri) ? uri.Query : "";
        var value = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).TryGetValue(QueryParameter, out var v) ? v.ToString().Trim() : null;
        return StoreOptions.IsValidId(value) ? value : null;
    }

    /// <summary>The address' parameter that names the store (also the Alertas and Logs pages' store filter).</summary>
    public const string QueryParameter = "sucursal";

    /// <summary>Where <paramref name="agent"/> of <paramref name="storeId"/> answers (null: the console's own, Agents:*), or why it cannot be called.</summary>
    public (Uri? Address, string? Problem) AgentAddress(string storeId, string agent)
    {
        if (storeId == Own.Id) return (null, null);
        var store = chain.Value.Stores.FirstOrDefault(s => s.Id == storeId);
        if (store is null) return (null, $"La sucursal '{storeId}' no está configurada en esta consola (Chain:Stores).");
        return store.UrlOf(agent) is { Length: > 0 } url
            ? (new Uri(url.EndsWith('/') ? url : url + "/"), null)
            : (null, $"La sucursal {store.Name} no tiene configurada la dirección de {agent} (Chain:Stores).");
    }
}
