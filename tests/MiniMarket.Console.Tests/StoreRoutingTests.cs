using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Console.Tests;

/// <summary>
/// A chain's console works on one store at a time: the business screens' calls go to the chosen store's agents with a
/// token for that store (StoreRoutingHandler + UserTokenHandler); a person sees the stores their role or account allows.
/// </summary>
public sealed class StoreRoutingTests
{
    private static readonly IOptions<StoreOptions> Own = Options.Create(new StoreOptions { Id = "palermo", Name = "Palermo" });

    private static readonly IOptions<ChainOptions> Chain = Options.Create(new ChainOptions
    {
        Stores =
        [
            new ChainStore { Id = "quilmes", Name = "Quilmes", DepositoUrl = "http://10.0.2.11:8001", NegocioUrl = "http://10.0.2.11:8002/", MlUrl = "http://10.0.2.11:8003" },
            new ChainStore { Id = "tigre", Name = "Tigre" },
        ],
    });

    private static readonly IOptions<AgentsOptions> Agents = Options.Create(new AgentsOptions
    {
        DepositoUrl = "http://127.0.0.1:8001", NegocioUrl = "http://127.0.0.1:8002", MlUrl = "http://127.0.0.1:8003",
    });

    private static ClaimsPrincipal Person(string role, params string[] stores) => new(new ClaimsIdentity(
        stores.Select(s => new Claim(TokenIssuer.StoreClaim, s)).Append(new Claim(ClaimTypes.Role, role)).Append(new Claim(ClaimTypes.Name, "ana")), "test"));

    /// <summary>Sends one request through the two handlers as the agent clients do, and returns where it went and the token's stores.</summary>
    private static async Task<(Uri Uri, IReadOnlyList<string> TokenStores)> SendAsync(ClaimsPrincipal user, string? chosen, string url = "http://127.0.0.1:8001/api/v1/products?page=2")
    {
        var selection = new StoreSelection(Own, Chain);
        selection.Choose(chosen, user);
        var services = new ServiceCollection().AddSingleton(selection).BuildServiceProvider();
        var circuit = new CircuitServicesAccessor { Services = services };
        var tokens = new TokenIssuer(Options.Create(new JwtOptions { SigningKey = TestServers.JwtSigningKey }), TimeProvider.System, Own);
        HttpRequestMessage? seen = null;
        var transport = new StubHandler(request =>
        {
            seen = request;
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        var pipeline = new StoreRoutingHandler(circuit, new HttpContextAccessor(), Agents)
        {
            InnerHandler = new UserTokenHandler(circuit, new HttpContextAccessor(), tokens) { InnerHandler = transport },
        };
        using (AmbientUser.Act(user))
        using (var client = new HttpClient(pipeline))
        {
            await client.GetAsync(url);
        }
        var token = new JsonWebToken(seen!.Headers.Authorization!.Parameter);
        return (seen.RequestUri!, token.Claims.Where(c => c.Type == TokenIssuer.StoreClaim).Select(c => c.Value).ToList());
    }

    [Fact]
    public async Task NoStoreChosen_GoesToTheConsolesOwnAgents_WithATokenForItsStore()
    {
        var (uri, stores) = await SendAsync(Person(Roles.Admin), null);

        Assert.Equal("http://127.0.0.1:8001/api/v1/products?page=2", uri.ToString());
        Assert.Equal(["palermo"], stores);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8001/api/v1/products?page=2", "http://10.0.2.11:8001/api/v1/products?page=2")]
    [InlineData("http://127.0.0.1:8002/api/v1/invoices/3f1c", "http://10.0.2.11:8002/api/v1/invoices/3f1c")]
    [InlineData("http://127.0.0.1:8003/api/v1/forecasts?h=7", "http://10.0.2.11:8003/api/v1/forecasts?h=7")]
    public async Task AnotherStoreChosen_GoesToItsAgents_WithATokenForIt(string url, string expected)
    {
        var (uri, stores) = await SendAsync(Person(Roles.Guardia), "quilmes", url);

        Assert.Equal(expected, uri.ToString());
        Assert.Equal(["quilmes"], stores);
    }

    [Fact]
    public async Task AStoreWithoutThatAgentsAddress_IsSaidByName()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(Person(Roles.Admin), "tigre"));

        Assert.Contains("La sucursal Tigre no tiene configurada la dirección de deposito", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStoreThatDoesNotAnswer_IsSaidByName()
    {
        var selection = new StoreSelection(Own, Chain);
        var user = Person(Roles.Admin);
        selection.Choose("quilmes", user);
        var circuit = new CircuitServicesAccessor { Services = new ServiceCollection().AddSingleton(selection).BuildServiceProvider() };
        var pipeline = new StoreRoutingHandler(circuit, new HttpContextAccessor(), Agents)
        {
            InnerHandler = new StubHandler(_ => throw new HttpRequestException("Connection refused")),
        };
        using var _ = AmbientUser.Act(user);
        using var client = new HttpClient(pipeline);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("http://127.0.0.1:8002/api/v1/orders"));

        Assert.StartsWith("La sucursal Quilmes no responde (negocio en 10.0.2.11:8002): Connection refused", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEncargado_WorksOnTheirStoresOnly_AStoreTheyCannotSeeIsIgnored()
    {
        var encargado = Person(Roles.Encargado, "quilmes");

        Assert.Equal(["quilmes"], new StoreSelection(Own, Chain).AllowedFor(encargado).Select(s => s.Id));
        // Their store without asking; another store in the address is not taken (the agents would refuse the token anyway).
        Assert.Equal("http://10.0.2.11:8001/api/v1/products?page=2", (await SendAsync(encargado, null)).Uri.ToString());
        Assert.Equal(["quilmes"], (await SendAsync(encargado, "palermo")).TokenStores);
        // An encargado whose account names no store works on the console's own store.
        Assert.Equal(["palermo"], new StoreSelection(Own, Chain).AllowedFor(Person(Roles.Encargado)).Select(s => s.Id));
        // Admin and guardia see every store the console knows.
        Assert.Equal(["palermo", "quilmes", "tigre"], new StoreSelection(Own, Chain).AllowedFor(Person(Roles.Admin)).Select(s => s.Id));
    }

    [Theory]
    [InlineData("http://c/inventario?sucursal=quilmes", "quilmes")]
    [InlineData("http://c/inventario?q=x&sucursal=%20quilmes%20", "quilmes")]
    [InlineData("http://c/inventario?sucursal=Quilmes%00", null)]
    [InlineData("http://c/inventario?sucursal=", null)]
    [InlineData("http://c/inventario", null)]
    public void TheAddress_NamesAStoreOnlyWithAValidId(string address, string? store) => Assert.Equal(store, StoreSelection.StoreIn(address));

    [Fact]
    public void TheChainsSettings_AreChecked()
    {
        var result = new ChainOptionsValidator().Validate(null, new ChainOptions
        {
            Stores = [new ChainStore { Id = "Quilmes", Name = "Q" }, new ChainStore { Id = "tigre", Name = "", DepositoUrl = "ftp://x" }, new ChainStore { Id = "tigre", Name = "T" }],
            AllStoresRoles = ["admin", "dueño"],
        });

        Assert.True(result.Failed);
        foreach (var key in new[] { "'Chain:Stores:0:Id'", "'Chain:Stores:1:Name'", "'Chain:Stores:1:DepositoUrl'", "'Chain:Stores:2:Id' repite", "rol desconocido: 'dueño'" })
            Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }
}
