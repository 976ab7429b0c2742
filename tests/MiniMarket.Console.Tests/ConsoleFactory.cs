using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Console.Data;
using MiniMarket.Console.Hosting;
using MiniMarket.Core.Hosting;
using MiniMarket.Testing;

namespace MiniMarket.Console.Tests;

/// <summary>The real console app on the PostgreSQL test.sh started, in a database of its own, with a first admin.</summary>
public sealed class ConsoleFactory(string postgres, string prometheusUrl) : WebApplicationFactory<Strings>
{
    public const string AdminPassword = "admin-password-for-tests";
    public const string EncargadoPassword = "encargado-password-for-tests";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", postgres);
        builder.UseSetting("Jwt:SigningKey", TestServers.JwtSigningKey);
        builder.UseSetting("Observability:PrometheusUrl", prometheusUrl);
        builder.UseSetting("Admin:UserName", "admin");
        builder.UseSetting("Admin:Password", AdminPassword);
    }

    /// <summary>Adds an encargado the way the demo seed does (through Identity's UserManager).</summary>
    public async Task AddEncargadoAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsoleUser>>();
        await UserAccounts.EnsureUserAsync(users, "encargado", EncargadoPassword, "Encargada", [Roles.Encargado]);
    }
}

public sealed class ConsoleAppFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    public ConsoleFactory Console { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("console");
        Console = new ConsoleFactory(_database.ConnectionString, $"http://127.0.0.1:{TestServers.FreePort()}");
        using var client = Console.CreateClient();
        (await client.GetAsync("/health/ready")).EnsureSuccessStatusCode();
        await Console.AddEncargadoAsync();
    }

    public async Task DisposeAsync()
    {
        await Console.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
