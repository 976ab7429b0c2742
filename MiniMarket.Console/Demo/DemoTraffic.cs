using System.Runtime.InteropServices;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Hosting;

namespace MiniMarket.Console.Demo;

/// <summary>
/// <c>MiniMarket.Console demo-traffic</c> (run.sh only): keeps the demo store alive — a till sells one to three units
/// of a product every couple of seconds (popular products more often), and every minute the products that ran low
/// get a delivery up to their maximum. Stops on Ctrl-C. Refused in Production.
/// </summary>
public static partial class DemoTraffic
{
    public const string Command = "demo-traffic";

    public static async Task<int> RunDemoTrafficAsync(this WebApplication app)
    {
        if (app.Environment.IsProduction())
        {
            await System.Console.Error.WriteLineAsync("demo-traffic se niega a correr en Production.");
            return 3;
        }
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoTraffic));
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        var interval = app.Configuration.GetValue("Demo:SaleInterval", TimeSpan.FromSeconds(2));
        var store = new DemoStore(Environment.TickCount);
        var weighted = DemoCatalog.Products.SelectMany(p => Enumerable.Repeat(p, Math.Max(1, p.UnitsPerDay))).ToList();
        var lastDelivery = DateTimeOffset.UtcNow;
        LogStarted(logger, interval.TotalSeconds);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var deposito = scope.ServiceProvider.GetRequiredService<IDepositoClient>();
                    await SellAsync(deposito, weighted[store.Random.Next(weighted.Count)], store.Random.Next(1, 4), logger, stop.Token);
                    if (DateTimeOffset.UtcNow - lastDelivery > TimeSpan.FromMinutes(1))
                    {
                        lastDelivery = DateTimeOffset.UtcNow;
                        await DeliverAsync(deposito, logger, stop.Token);
                    }
                }
                await Task.Delay(interval, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break; // Ctrl-C or TERM while a call or the pause was in flight.
            }
        }
        return 0;
    }

    private static async Task SellAsync(IDepositoClient deposito, DemoProduct product, int units, ILogger logger, CancellationToken cancellationToken)
    {
        using var till = AmbientUser.Act(AmbientUser.For("caja-1", Roles.Encargado));
        var sale = await deposito.MoveAsync(Guid.NewGuid().ToString(),
            new StockMovementRequest(null, product.Code, "salida", -units, "venta", "Caja 1", null), cancellationToken);
        if (!sale.Ok && sale.Problem!.Status != 409) LogProblem(logger, "venta", sale.Problem.Message);
    }

    private static async Task DeliverAsync(IDepositoClient deposito, ILogger logger, CancellationToken cancellationToken)
    {
        using var warehouse = AmbientUser.Act(AmbientUser.For("deposito-turno", Roles.Encargado));
        var critical = await deposito.GetCriticalAsync(cancellationToken: cancellationToken);
        if (!critical.Ok)
        {
            LogProblem(logger, "stock crítico", critical.Problem!.Message);
            return;
        }
        var lines = critical.Value!.Products.Take(5)
            .Select(p => (Product: p, Demo: DemoCatalog.Products.FirstOrDefault(d => d.Code == p.Code)))
            .Where(x => x.Demo is not null && x.Product.QuantityToMax > 0)
            .Select(x => new StockMovementRequest(x.Product.Id, null, "entrada", x.Product.QuantityToMax, "compra", "Remito demo", x.Demo!.PurchasePriceToday))
            .ToList();
        if (lines.Count == 0) return;
        var delivery = await deposito.MoveBatchAsync(Guid.NewGuid().ToString(), lines, cancellationToken);
        if (!delivery.Ok) LogProblem(logger, "entrega", delivery.Problem!.Message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo traffic: a sale every {Seconds} s and deliveries every minute")]
    private static partial void LogStarted(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo traffic {What} refused: {Problem}")]
    private static partial void LogProblem(ILogger logger, string what, string problem);
}
