using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using MiniMarket.Console.Components.Controls;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Components.Pages.Users;

/// <summary>
/// Usuarios (admins only): the console's users with their roles and lock-out; create one, change roles, set a new
/// password, lock out and unlock. <see cref="IUserAdministration"/> decides (Identity's rules, and never without an
/// active administrator); its refusals are shown as they come.
/// </summary>
public sealed partial class Users
{
    private List<UserSummary>? _users;
    private string? _problem;
    private string? _me;
    private bool _creating;
    private UserSummary? _rolesFor;
    private UserSummary? _passwordFor;
    private string? _busyUserId;

    [CascadingParameter] public Task<AuthenticationState>? Authentication { get; set; }
    [Inject] public required IUserAdministration Administration { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required StoreSelection Stores { get; init; }
    [Inject] public required Microsoft.Extensions.Options.IOptions<ChainOptions> ChainSettings { get; init; }

    /// <summary>A chain's console: the accounts' stores are shown and set here.</summary>
    private bool Chain => Stores.Known.Count > 1;

    /// <summary>The stores an account works on, by name: everyone for the all-stores roles, the console's own when it names none.</summary>
    private string StoresText(UserSummary user) =>
        user.RoleNames.Intersect(ChainSettings.Value.AllStoresRoles, StringComparer.Ordinal).Any() ? L["Users.AllStores"]
        : user.Stores.Count == 0 ? Stores.Own.Name
        : string.Join(", ", user.Stores.Select(id => Stores.Known.FirstOrDefault(k => k.Id == id)?.Name ?? id));

    /// <summary>The users as CSV: name, display name, roles, lock-out, failed sign-ins.</summary>
    private Task<AgentResult<byte[]>> UsersFileAsync() => CsvExport.Ready(CsvExport.Build(["Usuario", "Nombre", "Roles", "Sucursales", "Bloqueado hasta", "Intentos fallidos"],
        (_users ?? []).Select(u => (IReadOnlyList<object?>)[u.UserName, u.DisplayName, string.Join(", ", u.RoleNames), StoresText(u),
            u.LockedIndefinitely ? "sin fecha" : u.LockedOutUntil, u.FailedAccessCount])));

    protected override async Task OnInitializedAsync()
    {
        _me = Authentication is null ? null : (await Authentication).User.Identity?.Name;
        await LoadAsync();
    }

    private async Task LoadAsync() => _users = (await Administration.ListAsync()).ToList();

    private bool IsMe(UserSummary user) => string.Equals(user.UserName, _me, StringComparison.OrdinalIgnoreCase);

    private bool Busy => _busyUserId is not null;

    private static Color RoleColor(string role) => role switch
    {
        Roles.Admin => Color.Primary,
        Roles.Encargado => Color.Info,
        Roles.Guardia => Color.Warning,
        _ => Color.Default,
    };

    private string LockText(UserSummary user) => user.LockedIndefinitely || user.LockedOutUntil is not { } until
        ? L["Users.LockedIndefinitely"].Value
        : L.Format("Users.LockedUntil", BuenosAires.Format(until));

    private void RolesOpenChanged(bool open)
    {
        if (!open) _rolesFor = null;
    }

    private void PasswordOpenChanged(bool open)
    {
        if (!open) _passwordFor = null;
    }

    private async Task LockAsync(UserSummary user)
    {
        if (Busy) return;
        _busyUserId = user.Id;
        _problem = null;
        try
        {
            var result = await Administration.LockOutAsync(user.Id, _me ?? "");
            if (!result.Succeeded)
            {
                _problem = result.Message;
                return;
            }
            Snackbar.Add(L.Format("Users.LockedOut", user.UserName), Severity.Success);
            await LoadAsync();
        }
        finally
        {
            _busyUserId = null;
        }
    }

    private async Task UnlockAsync(UserSummary user)
    {
        if (Busy) return;
        _busyUserId = user.Id;
        _problem = null;
        try
        {
            var result = await Administration.UnlockAsync(user.Id);
            if (!result.Succeeded)
            {
                _problem = result.Message;
                return;
            }
            Snackbar.Add(L.Format("Users.Unlocked", user.UserName), Severity.Success);
            await LoadAsync();
        }
        finally
        {
            _busyUserId = null;
        }
    }

    /// <summary>A dialog saved: say what changed and read the list again.</summary>
    private async Task OnSavedAsync(string message)
    {
        _problem = null;
        Snackbar.Add(message, Severity.Success);
        await LoadAsync();
    }
}
