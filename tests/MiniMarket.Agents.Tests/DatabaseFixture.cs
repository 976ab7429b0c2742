using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests;

/// <summary>One database of its own per test class, on the PostgreSQL test.sh started.</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("not initialised");

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync("agents");

    public async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
