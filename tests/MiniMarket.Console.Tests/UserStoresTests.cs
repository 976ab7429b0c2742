using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Console.Data;
using MiniMarket.Console.Services;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Tests;

/// <summary>
/// An account's stores on the real Identity store: set, listed, refused when unknown (nothing written), cleared, and
/// carried by the person's sign-in (the claim the console's store choice and the agents' tokens go by).
/// </summary>
public sealed class UserStoresTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    [Fact]
    public async Task Stores_AreSetListedRefusedWhenUnknownAndCarriedBySignIn()
    {
        await using var scope = app.Console.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<IUserAdministration>();
        var name = "sucursal-" + Guid.NewGuid().ToString("N")[..8];
        Assert.True((await admin.CreateAsync(new NewUserRequest(name, null, "una-clave-larga-de-prueba", Roles.Encargado))).Succeeded);
        var id = (await admin.ListAsync()).Single(u => u.UserName == name).Id;
        var own = scope.ServiceProvider.GetRequiredService<StoreSelection>().Own.Id;

        Assert.True((await admin.SetStoresAsync(id, [own])).Succeeded);
        Assert.Equal([own], (await admin.ListAsync()).Single(u => u.Id == id).Stores);

        var refused = await admin.SetStoresAsync(id, [own, "no-existe"]);
        Assert.Contains("no-existe", Assert.Single(refused.Errors["stores"]), StringComparison.Ordinal);
        Assert.Equal([own], (await admin.ListAsync()).Single(u => u.Id == id).Stores);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ConsoleUser>>().CreateAsync((await users.FindByIdAsync(id))!);
        Assert.Equal([own], principal.FindAll(TokenIssuer.StoreClaim).Select(c => c.Value));

        Assert.True((await admin.SetStoresAsync(id, [])).Succeeded);
        Assert.Empty((await admin.ListAsync()).Single(u => u.Id == id).Stores);
    }
}
