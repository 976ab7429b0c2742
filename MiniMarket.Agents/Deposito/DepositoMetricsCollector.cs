using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MiniMarket.Core.Domain;
using Npgsql;
using Prometheus;

namespace MiniMarket.Agents.Deposito;

/// <summary>
/// Recomputes the stock gauges from the database every <c>Deposito:MetricsInterval</c>: active products, units and
/// value per category, critical products and today's seasonal factor. A category that disappears is removed from the
/// gauges rather than left with its last value.
/// </summary>
public sealed partial class DepositoMetricsCollector(IServiceProvider services, IOptions<DepositoOptions> options, TimeProvider time, ILogger<DepositoMetricsCollector> logger)
    : BackgroundService
{
    private HashSet<string> _categories = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MetricsInterval);
        do
        {
            try
            {
                await CollectAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task CollectAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DepositoDbContext>();
        var byCategory = await StockReports.Valuation(db).ToListAsync(cancellationToken);
        var factor = SeasonalFactor.For(options.Value.SeasonFor(BuenosAiresTime.Today(time)));
        var critical = await db.Products.CountAsync(p => p.Active && p.Stock <= p.MinStock * factor, cancellationToken);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in byCategory)
        {
            seen.Add(c.Category);
            DepositoMetrics.ProductsByCategory.WithLabels(c.Category).Set(c.Products);
            DepositoMetrics.StockUnitsByCategory.WithLabels(c.Category).Set(c.Units);
            DepositoMetrics.StockValueByCategory.WithLabels(c.Category).Set((double)c.PurchaseValue);
        }
        foreach (var gone in _categories.Where(name => !seen.Contains(name)))
        {
            DepositoMetrics.ProductsByCategory.RemoveLabelled(gone);
            DepositoMetrics.StockUnitsByCategory.RemoveLabelled(gone);
            DepositoMetrics.StockValueByCategory.RemoveLabelled(gone);
        }
        _categories = seen;
        DepositoMetrics.CriticalProducts.Set(critical);
        DepositoMetrics.SeasonalFactor.Set((double)factor);
        DepositoMetrics.LastCollection.SetToCurrentTimeUtc();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not compute the stock metrics; keeping the previous values")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
