using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.ServiceDefaults.Tests;

public class TokenIssuerTests
{
    private static readonly JwtOptions Jwt = new() { SigningKey = new string('k', 40), CallTokenLifetime = TimeSpan.FromMinutes(5), ScriptTokenLifetime = TimeSpan.FromHours(8) };
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static TokenIssuer Issuer(DateTimeOffset? now = null) => new(Options.Create(Jwt), new FakeTimeProvider(now ?? DateTimeOffset.UtcNow));

    private static async Task<Microsoft.IdentityModel.Tokens.TokenValidationResult> ValidateAsync(string token, JwtOptions? options = null) =>
        await new JsonWebTokenHandler().ValidateTokenAsync(token, TokenIssuer.ValidationParameters(options ?? Jwt));

    [Fact]
    public async Task ForUser_Token_ValidatesAndCarriesNameAndKnownRolesOnly()
    {
        var token = Issuer().ForUser("maria", [Roles.Encargado, Roles.Guardia, "superuser"]);

        var result = await ValidateAsync(token.Token);

        Assert.True(result.IsValid);
        Assert.Equal("maria", result.ClaimsIdentity.Name);
        Assert.Equal(["encargado", "guardia"], result.ClaimsIdentity.FindAll("role").Select(c => c.Value).Order());
        Assert.Equal("user", result.Claims["token_kind"]);
    }

    [Fact]
    public async Task EveryToken_NamesItsStore_TheIssuersOrTheOneAskedFor()
    {
        var issuer = new TokenIssuer(Options.Create(Jwt), TimeProvider.System, Options.Create(new StoreOptions { Id = "palermo", Name = "Palermo" }));

        foreach (var token in new[] { issuer.ForUser("maria", [Roles.Encargado]), issuer.ForScript("admin", [Roles.Admin]), issuer.ForService(Roles.Negocio) })
        {
            var result = await ValidateAsync(token.Token);
            Assert.True(TokenIssuer.IsForStore(new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity), "palermo"));
            Assert.False(TokenIssuer.IsForStore(new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity), "quilmes"));
        }
        var other = await ValidateAsync(issuer.ForUser("guardia", [Roles.Guardia], "quilmes").Token);
        Assert.Equal(["quilmes"], other.ClaimsIdentity.FindAll(TokenIssuer.StoreClaim).Select(c => c.Value));
        Assert.Throws<ArgumentException>(() => issuer.ForUser("guardia", [Roles.Guardia], "Quilmes!"));
        // Without a store configured a token names none (and no agent accepts it).
        Assert.Empty((await ValidateAsync(Issuer().ForUser("maria", [Roles.Encargado]).Token)).ClaimsIdentity.FindAll(TokenIssuer.StoreClaim));
    }

    [Fact]
    public void ForUser_Lifetime_IsTheCallTokenLifetime()
    {
        var token = Issuer(Now).ForUser("maria", [Roles.Encargado]);

        Assert.Equal(Now.AddMinutes(5), token.ExpiresAt);
    }

    [Fact]
    public void ForScript_Lifetime_IsTheScriptTokenLifetime()
    {
        var token = Issuer(Now).ForScript("admin", [Roles.Admin]);

        Assert.Equal(Now.AddHours(8), token.ExpiresAt);
    }

    [Theory]
    [InlineData("deposito")]
    [InlineData("negocio")]
    [InlineData("ml")]
    public async Task ForService_AgentRole_IsNamedAfterTheAgent(string role)
    {
        var result = await ValidateAsync(Issuer().ForService(role).Token);

        Assert.True(result.IsValid);
        Assert.Equal("agent:" + role, result.ClaimsIdentity.Name);
        Assert.Equal(role, result.ClaimsIdentity.FindFirst("role")!.Value);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("encargado")]
    [InlineData("")]
    [InlineData("Deposito")]
    public void ForService_NotAnAgentRole_Throws(string role) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Issuer().ForService(role));

    [Fact]
    public async Task Validate_OtherKey_Fails()
    {
        var token = Issuer().ForUser("maria", [Roles.Encargado]).Token;

        var result = await ValidateAsync(token, new JwtOptions { SigningKey = new string('z', 40) });

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task Validate_OtherAudience_Fails()
    {
        var token = Issuer().ForUser("maria", [Roles.Encargado]).Token;

        var result = await ValidateAsync(token, new JwtOptions { SigningKey = Jwt.SigningKey, Audience = "another-system" });

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task Validate_Expired_Fails()
    {
        var token = Issuer(DateTimeOffset.UtcNow.AddMinutes(-10)).ForUser("maria", [Roles.Encargado]).Token;

        var result = await ValidateAsync(token);

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task Validate_TamperedPayload_Fails()
    {
        var parts = Issuer().ForUser("maria", [Roles.Encargado]).Token.Split('.');
        var forgedPayload = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode("{\"sub\":\"maria\",\"role\":[\"admin\"],\"iss\":\"minimarket\",\"aud\":\"minimarket-agents\",\"exp\":4102444800}");

        var result = await ValidateAsync($"{parts[0]}.{forgedPayload}.{parts[2]}");

        Assert.False(result.IsValid);
    }

    [Fact]
    public void ForUser_BlankName_Throws() =>
        Assert.Throws<ArgumentException>(() => Issuer().ForUser(" ", [Roles.Encargado]));
}
