using System.Runtime.InteropServices;
using MiniMarket.Console.Services;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Demo;

/// <summary>
/// <c>MiniMarket.Console demo-traffic</c> (run.sh only): keeps the demo store alive — a till sells one to three units
/// of a product every couple of seconds (popular products more often); every minute negocio proposes purchase orders
/// for what ran low, the drafts are sent and the orders sent a minute earlier are received (goods enter stock); and
/// every few minutes a supplier's invoice is photographed and uploaded (a draft read by ml's OCR), half of them
/// confirmed by the manager, the rest left for a person to review. Stops on Ctrl-C. Refused in Production.
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
        var lastInvoice = DateTimeOffset.UtcNow;
        var invoiceInterval = app.Configuration.GetValue("Demo:InvoiceInterval", TimeSpan.FromMinutes(3));
        LogStarted(logger, interval.TotalSeconds);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var deposito = scope.ServiceProvider.GetRequiredService<IDepositoClient>();
                    await SellAsync(deposito, weighted[store.Random.Next(weighted.Count)], store.Random.Next(1, 4), logger, stop.Token);
                    var negocio = scope.ServiceProvider.GetRequiredService<INegocioClient>();
                    if (DateTimeOffset.UtcNow - lastDelivery > TimeSpan.FromMinutes(1))
                    {
                        lastDelivery = DateTimeOffset.UtcNow;
                        await FlowOrdersAsync(negocio, logger, stop.Token);
                    }
                    if (invoiceInterval > TimeSpan.Zero && DateTimeOffset.UtcNow - lastInvoice > invoiceInterval)
                    {
                        lastInvoice = DateTimeOffset.UtcNow;
                        await InvoiceFromPhotoAsync(negocio, store.Random, scope.ServiceProvider.GetRequiredService<TimeProvider>(), logger, stop.Token);
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

    /// <summary>Orders flow: propose for what ran low, send the drafts, receive what was sent at least a minute ago.</summary>
    private static async Task FlowOrdersAsync(INegocioClient negocio, ILogger logger, CancellationToken cancellationToken)
    {
        using var manager = AmbientUser.Act(AmbientUser.For("deposito-turno", Roles.Encargado));
        var sent = await negocio.ListOrdersAsync("enviada", pageSize: 50, cancellationToken: cancellationToken);
        if (!sent.Ok)
        {
            LogProblem(logger, "órdenes", sent.Problem!.Message);
            return;
        }
        foreach (var order in sent.Value!.Items.Where(o => o.SentAt < DateTimeOffset.UtcNow.AddSeconds(-50)))
        {
            var received = await negocio.ReceiveOrderAsync(order.Id, "demo-entrega", null, cancellationToken);
            if (!received.Ok) LogProblem(logger, "recepción " + order.DisplayNumber, received.Problem!.Message);
        }
        var drafts = await negocio.ListOrdersAsync("borrador", pageSize: 50, cancellationToken: cancellationToken);
        foreach (var order in drafts.Value?.Items ?? [])
        {
            var result = await negocio.SendOrderAsync(order.Id, cancellationToken);
            if (!result.Ok) LogProblem(logger, "envío " + order.DisplayNumber, result.Problem!.Message);
        }
        var proposal = await negocio.ProposeOrdersAsync(cancellationToken);
        if (!proposal.Ok) LogProblem(logger, "propuesta de órdenes", proposal.Problem!.Message);
    }

    /// <summary>A supplier's invoice photographed and uploaded; confirmed half of the time when OCR read it without problems.</summary>
    private static async Task InvoiceFromPhotoAsync(INegocioClient negocio, Random random, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        using var manager = AmbientUser.Act(AmbientUser.For("encargado-demo", Roles.Encargado));
        var supplier = DemoSuppliers.All[random.Next(DemoSuppliers.All.Count)];
        var items = DemoCatalog.Products.Where(p => supplier.Supplies.Contains(p.Category)).OrderBy(_ => random.Next()).Take(random.Next(3, 7))
            .Select(p => (p, Math.Max(2, p.UnitsPerDay * random.Next(2, 5)))).ToList();
        var photo = DemoInvoices.Photograph(supplier, items, BuenosAiresTime.Today(time), random);
        var draft = await negocio.UploadInvoiceAsync([new InvoicePhoto(photo.Image, photo.ContentType)], cancellationToken);
        if (!draft.Ok)
        {
            LogProblem(logger, "factura por foto", draft.Problem!.Message);
            return;
        }
        if (draft.Value!.Problems.Count > 0 || random.Next(2) == 0) return; // left for the manager to review
        var confirmed = await negocio.ConfirmInvoiceAsync(draft.Value.Id, cancellationToken);
        if (!confirmed.Ok) LogProblem(logger, "confirmación de factura", confirmed.Problem!.Message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo traffic: a sale every {Seconds} s, purchase orders flowing every minute, supplier invoices from photos")]
    private static partial void LogStarted(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo traffic {What} refused: {Problem}")]
    private static partial void LogProblem(ILogger logger, string what, string problem);
}
