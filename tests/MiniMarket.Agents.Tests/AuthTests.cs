using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests;

public sealed class AgentsAppFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    public AgentsFactory Agents { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("auth");
        Agents = new AgentsFactory("all", _database.ConnectionString);
        using var client = Agents.CreateClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await Agents.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

public class AuthTests(AgentsAppFixture app) : IClassFixture<AgentsAppFixture>
{
    [Fact]
    public async Task AgentInfo_NoToken_Is401ProblemDetailsWithBearerChallenge()
    {
        using var client = app.Agents.CreateClient();

        var response = await client.GetAsync("/api/v1/agent");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("Bearer", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentInfo_UserToken_ReturnsCallerAndRoles()
    {
        using var client = app.Agents.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Agents.TokenFor("maria", Roles.Encargado));

        var info = await client.GetFromJsonAsync<JsonElement>("/api/v1/agent");

        Assert.Equal("agents", info.GetProperty("role").GetString());
        Assert.Equal(new[] { "deposito", "negocio", "ml" }, info.GetProperty("agents").EnumerateArray().Select(a => a.GetString()!).ToArray());
        Assert.Equal("maria", info.GetProperty("caller").GetString());
        Assert.Equal(new[] { "encargado" }, info.GetProperty("callerRoles").EnumerateArray().Select(a => a.GetString()!).ToArray());
    }

    [Fact]
    public async Task AgentInfo_ServiceToken_IsAccepted()
    {
        var issuer = new TokenIssuer(Options.Create(app.Agents.Jwt), TimeProvider.System, app.Agents.Store);
        using var client = app.Agents.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.ForService(Roles.Negocio).Token);

        var info = await client.GetFromJsonAsync<JsonElement>("/api/v1/agent");

        Assert.Equal("agent:negocio", info.GetProperty("caller").GetString());
        Assert.Equal(new[] { "negocio" }, info.GetProperty("callerRoles").EnumerateArray().Select(a => a.GetString()!).ToArray());
    }

    [Fact]
    public async Task AgentInfo_TokenSignedWithAnotherKey_Is401()
    {
        var other = new JwtOptions { SigningKey = new string('x', 48) };
        var forged = new TokenIssuer(Options.Create(other), TimeProvider.System).ForUser("mallory", [Roles.Admin]).Token;
        using var client = app.Agents.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        var response = await client.GetAsync("/api/v1/agent");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("no es válido", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A chain: a token minted for one store (or for none) opens no other store's agents, whatever its roles.</summary>
    [Theory]
    [InlineData("quilmes", "El token es para la sucursal quilmes; este servicio es de la sucursal 'casa-central'")]
    [InlineData(null, "El token no dice para qué sucursal es")]
    public async Task AgentInfo_TokenForAnotherStore_Is403(string? store, string message)
    {
        var issuer = new TokenIssuer(Options.Create(app.Agents.Jwt), TimeProvider.System,
            store is null ? null : Options.Create(new StoreOptions { Id = store, Name = store }));
        using var client = app.Agents.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuer.ForUser("admin", [Roles.Admin]).Token);

        var response = await client.GetAsync("/api/v1/agent");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The same person's token for this store is accepted.
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            new TokenIssuer(Options.Create(app.Agents.Jwt), TimeProvider.System).ForUser("admin", [Roles.Admin], app.Agents.Store.Value.Id).Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/agent")).StatusCode);
    }

    [Fact]
    public async Task AgentInfo_ExpiredToken_Is401()
    {
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        var expired = new TokenIssuer(Options.Create(app.Agents.Jwt), past, app.Agents.Store).ForUser("maria", [Roles.Encargado]).Token;
        using var client = app.Agents.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", expired);

        var response = await client.GetAsync("/api/v1/agent");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    public async Task InfrastructureEndpoints_NoToken_Answer200(string path)
    {
        using var client = app.Agents.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnknownRoute_WithToken_Is404ProblemDetails()
    {
        using var client = app.Agents.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Agents.TokenFor("maria", Roles.Encargado));

        var response = await client.GetAsync("/api/v1/no-existe");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnyResponse_CarriesSecurityHeaders()
    {
        using var client = app.Agents.CreateClient();

        var response = await client.GetAsync("/health/live");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
