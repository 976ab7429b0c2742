using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MiniMarket.Agents.Negocio.Invoices;
using MiniMarket.Agents.Negocio.Orders;
using MiniMarket.ServiceDefaults;
using Prometheus;

namespace MiniMarket.Agents.Negocio;

/// <summary>
/// Every <c>Negocio:MetricsInterval</c>: refreshes the business gauges (critical products, today's revenue real and
/// projected, open orders, drafts waiting). A gauge whose source cannot be read is removed, not left at its last value:
/// "no data" must never look like a number.
/// </summary>
public sealed partial class NegocioMetricsCollector(IServiceProvider services, IOptions<NegocioOptions> options, ILogger<NegocioMetricsCollector> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.MetricsInterval);
        do
        {
            using var correlation = Correlation.Begin();
            try
            {
                await CollectAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A background round never takes the agent down: the next round tries again.
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task CollectAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NegocioDbContext>();
        var open = await db.Orders.AsNoTracking().Where(o => o.State == "borrador" || o.State == "enviada")
            .GroupBy(o => o.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        foreach (var state in new[] { "borrador", "enviada" })
            NegocioMetrics.OpenOrders.WithLabels(state).Set(open.FirstOrDefault(o => o.Key == state)?.Count ?? 0);
        NegocioMetrics.DraftInvoices.Set(await db.Invoices.CountAsync(i => i.State == InvoiceStates.Draft, ct));

        var deposito = scope.ServiceProvider.GetRequiredService<DepositoAgentClient>();
        try
        {
            NegocioMetrics.CriticalProducts.Set((await deposito.GetCriticalAsync(ct)).Products.Count);
        }
        catch (Exception e) when (e is DependencyUnavailableException or DependencyRefusedException)
        {
            NegocioMetrics.CriticalProducts.Unpublish();
            LogSourceDown(logger, "stock crítico", e.Message);
        }
        try
        {
            var today = await scope.ServiceProvider.GetRequiredService<Revenue>().TodayAsync(ct);
            NegocioMetrics.RevenueToday.Set((double)today.RealArs);
            if (today.ProjectedArs is { } projected) NegocioMetrics.ProjectedRevenueToday.Set((double)projected);
            else NegocioMetrics.ProjectedRevenueToday.Unpublish();
        }
        catch (Exception e) when (e is DependencyUnavailableException or DependencyRefusedException)
        {
            NegocioMetrics.RevenueToday.Unpublish();
            NegocioMetrics.ProjectedRevenueToday.Unpublish();
            LogSourceDown(logger, "ventas", e.Message);
        }
        NegocioMetrics.LastRefresh.SetToCurrentTimeUtc();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Business metrics not refreshed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Business gauge {Gauge} removed, its source is unavailable: {Reason}")]
    private static partial void LogSourceDown(ILogger logger, string gauge, string reason);
}

/// <summary>Every <c>Negocio:PriceSyncInterval</c>: sends deposito the prices of confirmed invoices it missed (<see cref="PriceSync"/>).</summary>
public sealed partial class PriceSyncJob(IServiceProvider services, IOptions<NegocioOptions> options, ILogger<PriceSyncJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PriceSyncInterval);
        do
        {
            using var correlation = Correlation.Begin();
            try
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PriceSync>().RetryPendingAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A background round never takes the agent down: the next round tries again.
                LogFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pending price updates not retried, next round in the interval: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}

/// <summary>Proposes purchase orders from critical stock every <c>Negocio:OrderProposalInterval</c> (0: never), as "negocio".</summary>
public sealed partial class OrderProposalJob(IServiceProvider services, IOptions<NegocioOptions> options, ILogger<OrderProposalJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.OrderProposalInterval;
        if (interval == TimeSpan.Zero) return;
        await Task.Delay(options.Value.FirstOrderProposalDelay, stoppingToken);
        using var timer = new PeriodicTimer(interval);
        do
        {
            using var correlation = Correlation.Begin();
            try
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<OrderProposer>().ProposeAsync(OrderOrigins.Automatic, "negocio", stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Automatic order proposal failed, next round in the interval: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
