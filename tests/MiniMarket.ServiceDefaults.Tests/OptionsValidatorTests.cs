using MiniMarket.ServiceDefaults;

namespace MiniMarket.ServiceDefaults.Tests;

public class OptionsValidatorTests
{
    [Fact]
    public void Jwt_Valid_Succeeds() =>
        Assert.True(new JwtOptionsValidator().Validate(null, new JwtOptions { SigningKey = new string('a', 32) }).Succeeded);

    [Theory]
    [InlineData(null, "'Jwt:SigningKey'")]
    [InlineData("", "'Jwt:SigningKey'")]
    [InlineData("   ", "'Jwt:SigningKey'")]
    [InlineData("0123456789012345678901234567890", "demasiado corta: 31 caracteres, mínimo 32")]
    public void Jwt_BadKey_FailsNamingIt(string? key, string message)
    {
        var result = new JwtOptionsValidator().Validate(null, new JwtOptions { SigningKey = key });

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 60, "'Jwt:CallTokenLifetime'")]
    [InlineData(7200, 60, "'Jwt:CallTokenLifetime'")]
    [InlineData(60, 0, "'Jwt:ScriptTokenLifetime'")]
    [InlineData(60, 3000000, "'Jwt:ScriptTokenLifetime'")]
    public void Jwt_BadLifetimes_FailNamingThem(int callSeconds, int scriptSeconds, string message)
    {
        var result = new JwtOptionsValidator().Validate(null, new JwtOptions
        {
            SigningKey = new string('a', 32),
            CallTokenLifetime = TimeSpan.FromSeconds(callSeconds),
            ScriptTokenLifetime = TimeSpan.FromSeconds(scriptSeconds),
        });

        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Jwt_BlankIssuerAndAudience_BothReported()
    {
        var result = new JwtOptionsValidator().Validate(null, new JwtOptions { SigningKey = new string('a', 32), Issuer = "", Audience = " " });

        Assert.Contains("'Jwt:Issuer'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("'Jwt:Audience'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Connections_AgentWithoutRedis_FailsNamingRedis()
    {
        var result = new ConnectionOptionsValidator(requireRedis: true).Validate(null, new ConnectionOptions { Postgres = "Host=db;Database=minimarket" });

        Assert.Contains("'ConnectionStrings:Redis'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Connections_ConsoleWithoutRedis_Succeeds() =>
        Assert.True(new ConnectionOptionsValidator(requireRedis: false).Validate(null, new ConnectionOptions { Postgres = "Host=db;Database=minimarket" }).Succeeded);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Host=db;Bogus Keyword=1")]
    public void Connections_BadPostgres_FailsNamingIt(string? postgres)
    {
        var result = new ConnectionOptionsValidator(requireRedis: false).Validate(null, new ConnectionOptions { Postgres = postgres });

        Assert.Contains("'ConnectionStrings:Postgres'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("palermo")]
    [InlineData("suc-014")]
    [InlineData("a")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    public void Store_ValidId_Succeeds(string id) =>
        Assert.True(new StoreOptionsValidator().Validate(null, new StoreOptions { Id = id, Name = "Palermo" }).Succeeded);

    [Theory]
    [InlineData("", "Falta la configuración 'Store:Id'")]
    [InlineData("  ", "Falta la configuración 'Store:Id'")]
    [InlineData("Palermo", "'Store:Id' no es válida")]
    [InlineData("pal ermo", "'Store:Id' no es válida")]
    [InlineData("-palermo", "'Store:Id' no es válida")]
    [InlineData("palermo-", "'Store:Id' no es válida")]
    [InlineData("palermo_1", "'Store:Id' no es válida")]
    [InlineData("palermó", "'Store:Id' no es válida")]
    [InlineData("pal\"ermo", "'Store:Id' no es válida")]
    [InlineData("pal\u0000ermo", "'Store:Id' no es válida: 'pal?ermo'")]
    [InlineData("0123456789abcdef0123456789abcdefg", "'Store:Id' no es válida")]
    public void Store_BadId_FailsNamingIt(string id, string message)
    {
        var result = new StoreOptionsValidator().Validate(null, new StoreOptions { Id = id, Name = "Palermo" });

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Falta la configuración 'Store:Name'")]
    [InlineData(" Palermo", "'Store:Name' no es válida")]
    [InlineData("Pal\nermo", "'Store:Name' no es válida")]
    public void Store_BadName_FailsNamingIt(string name, string message)
    {
        var result = new StoreOptionsValidator().Validate(null, new StoreOptions { Id = "palermo", Name = name });

        Assert.True(result.Failed);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Store_LongName_Fails() =>
        Assert.True(new StoreOptionsValidator().Validate(null, new StoreOptions { Id = "palermo", Name = new string('x', 81) }).Failed);
}
