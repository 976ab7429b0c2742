using Microsoft.Extensions.Localization;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Components.Pages.Users;

/// <summary>A role in words, for the Usuarios page and its dialogs (keys written out, so a test can check each exists).</summary>
public static class UserRoleText
{
    public static string Describe(IStringLocalizer L, string role) => role switch
    {
        Roles.Admin => L["Users.Role.Admin"].Value,
        Roles.Encargado => L["Users.Role.Encargado"].Value,
        Roles.Guardia => L["Users.Role.Guardia"].Value,
        _ => role,
    };
}
