using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests;

/// <summary>
/// A bad or missing setting stops start-up with a message naming it. These run the real agents binary, as
/// production does, so they also prove the process exits (non-zero) instead of serving half-configured.
/// </summary>
public class ConfigurationTests
{
    private static readonly string AgentsDll = RepositoryPaths.BuildOutput("MiniMarket.Agents");

    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["Agent__Role"] = "deposito",
        ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Database=unused",
        ["ConnectionStrings__Redis"] = "127.0.0.1:1",
        ["Jwt__SigningKey"] = TestServers.JwtSigningKey,
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["Database__MigrationTimeout"] = "00:00:01",
    };

    [Theory]
    [InlineData("Jwt__SigningKey", "", "'Jwt:SigningKey'")]
    [InlineData("Jwt__SigningKey", "short", "'Jwt:SigningKey' es demasiado corta")]
    [InlineData("ConnectionStrings__Postgres", "", "'ConnectionStrings:Postgres'")]
    [InlineData("ConnectionStrings__Postgres", "Host=x;NoSuchKeyword=1", "'ConnectionStrings:Postgres' no es válida")]
    [InlineData("ConnectionStrings__Redis", "", "'ConnectionStrings:Redis'")]
    [InlineData("Jwt__CallTokenLifetime", "02:00:00", "'Jwt:CallTokenLifetime'")]
    [InlineData("Agent__Role", "", "Falta la configuración 'Agent:Role'")]
    [InlineData("Agent__Role", "bodega", "'Agent:Role' vale 'bodega'")]
    [InlineData("RateLimit__PermitsPerMinute", "0", "'RateLimit:PermitsPerMinute'")]
    [InlineData("Store__Id", "", "Falta la configuración 'Store:Id'")]
    [InlineData("Store__Id", "Palermo Centro", "'Store:Id' no es válida: 'Palermo Centro'")]
    [InlineData("Store__Id", "-palermo", "'Store:Id' no es válida")]
    [InlineData("Store__Name", "", "Falta la configuración 'Store:Name'")]
    public async Task Start_BadSetting_ExitsNonZeroNamingTheSetting(string variable, string value, string message)
    {
        var environment = ValidSettings();
        environment[variable] = value;

        var (exitCode, output) = await ProcessRunner.RunAsync("dotnet", [AgentsDll], environment: environment, timeout: TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(message, output, StringComparison.Ordinal);
    }
}
