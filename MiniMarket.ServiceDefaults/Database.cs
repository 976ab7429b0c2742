using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MiniMarket.ServiceDefaults;

/// <summary>
/// Registers a service's DbContext in its own PostgreSQL schema, its EF Core migrations applied at start-up and a
/// readiness check that waits for them. Each agent (and the console) owns one schema of the one database.
/// </summary>
public static class Database
{
    public const string HistoryTable = "__ef_migrations_history";

    public static IHostApplicationBuilder AddMiniMarketDbContext<TContext>(this IHostApplicationBuilder builder, string schema)
        where TContext : DbContext
    {
        // Pooled: the options are built once instead of on every request (a profile under load showed EF rebuilding its
        // warnings table and looking up its service provider per request) and contexts are reset and reused.
        builder.Services.AddDbContextPool<TContext>((sp, options) => Configure(options, sp.GetRequiredService<NpgsqlDataSource>(), schema));
        builder.Services.AddSingleton<MigrationState<TContext>>();
        builder.Services.AddHostedService<DatabaseMigrator<TContext>>();
        builder.Services.AddHealthChecks().AddCheck<MigrationHealthCheck<TContext>>(
            "migrations-" + schema, HealthStatus.Unhealthy, [HostingDefaults.ReadyTag]);
        return builder;
    }

    /// <summary>The one place that says how a context talks to PostgreSQL (also used at design time).</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource, string schema) =>
        options.UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable(HistoryTable, schema))
            .UseSnakeCaseNamingConvention();
}

/// <summary>Whether this process has brought its schema up to date; readiness waits for it.</summary>
public sealed class MigrationState<TContext> where TContext : DbContext
{
    private volatile string? _error = "Migraciones pendientes.";
    public bool Applied => _error is null;
    public string? Error => _error;
    public void Succeeded() => _error = null;
    public void Failed(string error) => _error = error;
}

public sealed class MigrationHealthCheck<TContext>(MigrationState<TContext> state) : IHealthCheck where TContext : DbContext
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Applied
            ? HealthCheckResult.Healthy($"Esquema de {typeof(TContext).Name} al día.")
            : new HealthCheckResult(context.Registration.FailureStatus, state.Error));
}

/// <summary>
/// Applies the context's migrations before the server starts listening. PostgreSQL may still be starting (run.sh,
/// compose), so it retries for a bounded time and then stops the process with the reason.
/// </summary>
public sealed partial class DatabaseMigrator<TContext>(
    IServiceProvider services, MigrationState<TContext> state, IConfiguration configuration, ILogger<DatabaseMigrator<TContext>> logger)
    : IHostedService where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + configuration.GetValue("Database:MigrationTimeout", TimeSpan.FromSeconds(60));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                await db.Database.MigrateAsync(cancellationToken);
                state.Succeeded();
                LogMigrated(logger, typeof(TContext).Name, attempt);
                return;
            }
            catch (NpgsqlException ex) when (DateTimeOffset.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                state.Failed("PostgreSQL no responde: " + ex.Message);
                LogRetry(logger, ex, typeof(TContext).Name, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrations of {Context} applied (attempt {Attempt})")]
    private static partial void LogMigrated(ILogger logger, string context, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migrations of {Context} failed on attempt {Attempt}; retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, string context, int attempt);
}

/// <summary>
/// For <c>dotnet ef migrations add</c>: builds a service's context the way it runs, without contacting a database.
/// Each context declares a one-line subclass (EF's tools look for a concrete factory in its assembly).
/// </summary>
public abstract class DesignTimeDbContextFactory<TContext>(string schema, Func<DbContextOptions<TContext>, TContext> create)
    : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<TContext> where TContext : DbContext
{
    public TContext CreateDbContext(string[] args)
    {
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Database=minimarket");
        var options = new DbContextOptionsBuilder<TContext>();
        Database.Configure(options, dataSource, schema);
        return create(options.Options);
    }
}
