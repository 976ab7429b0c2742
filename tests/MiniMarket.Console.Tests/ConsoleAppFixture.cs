using MiniMarket.Testing;

namespace MiniMarket.Console.Tests;

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
        await Console.AddGuardiaAsync();
    }

    public async Task DisposeAsync()
    {
        await Console.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
