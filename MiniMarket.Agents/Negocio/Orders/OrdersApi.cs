using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MiniMarket.Agents.Hosting;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Negocio.Orders;

/// <summary>
/// Purchase orders: proposals from critical stock, review (quantities), <c>borrador</c> → <c>enviada</c> →
/// <c>recibida</c> / <c>cancelada</c> (illegal moves are 409), and receiving — fully or in parts — where each delivery
/// enters stock once under the caller's idempotency key.
/// </summary>
public static partial class OrdersApi
{
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder endpoints)
    {
        var orders = endpoints.MapGroup("/api/v1/orders").WithTags("orders");
        orders.MapGet("/", List).RequireAuthorization(NegocioAgent.ReadPolicy);
        orders.MapGet("/{id:guid}", Get).RequireAuthorization(NegocioAgent.ReadPolicy);
        orders.MapPost("/proposals", Propose).RequireAuthorization(NegocioAgent.WritePolicy);
        orders.MapPut("/{id:guid}/lines", EditLines).RequireAuthorization(NegocioAgent.WritePolicy);
        orders.MapPost("/{id:guid}/send", (Guid id, NegocioDbContext db, TimeProvider time, CancellationToken ct) => MoveAsync(id, PurchaseOrderState.Enviada, db, time, ct))
            .RequireAuthorization(NegocioAgent.WritePolicy);
        orders.MapPost("/{id:guid}/cancel", (Guid id, NegocioDbContext db, TimeProvider time, CancellationToken ct) => MoveAsync(id, PurchaseOrderState.Cancelada, db, time, ct))
            .RequireAuthorization(NegocioAgent.WritePolicy);
        orders.MapPost("/{id:guid}/receive", Receive).RequireAuthorization(NegocioAgent.WritePolicy);
        return endpoints;
    }

    /// <summary>deposito's key for one delivery: the order and a digest of the caller's key (any characters, any length up to 60).</summary>
    public static string StockKey(Guid orderId, string key) =>
        $"negocio-oc-{orderId:N}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..32]}";

    /// <summary>The most lines an order edit or delivery names (an order is proposed with one line per critical product).</summary>
    public const int MaxLines = 500;

    public static string Display(int number) => "OC-" + number.ToString("D6", CultureInfo.InvariantCulture);

    public static PurchaseOrderDto ToDto(PurchaseOrderRow o) => new(o.Id, o.Number, Display(o.Number), o.SupplierId, o.SupplierName, o.State, o.Origin,
        o.Lines.Select(l => new PurchaseOrderLineDto(l.ProductId, l.ProductCode, l.ProductName, l.Quantity, l.Received, l.UnitPrice, Math.Round(l.Quantity * l.UnitPrice, 2))).ToList(),
        Math.Round(o.Lines.Sum(l => l.Quantity * l.UnitPrice), 2), Math.Round(o.Lines.Sum(l => l.Received * l.UnitPrice), 2),
        o.CreatedBy, o.CreatedAt, o.SentAt, o.ClosedAt);

    /// <summary><c>GET /api/v1/orders?state=borrador&amp;supplierId=&amp;page=1&amp;pageSize=50</c>, newest first.</summary>
    public static async Task<Ok<PagedResult<PurchaseOrderDto>>> List(string? state, Guid? supplierId, int? page, int? pageSize, NegocioDbContext db, CancellationToken ct)
    {
        var (p, size) = Paging.Of(page, pageSize);
        var query = db.Orders.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(state))
        {
            var wire = PurchaseOrderStateMachine.ParseWireName(state).ToWireName();
            query = query.Where(o => o.State == wire);
        }
        if (supplierId is { } supplier) query = query.Where(o => o.SupplierId == supplier);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(o => o.Number).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<PurchaseOrderDto>(rows.Select(ToDto).ToList(), total, p, size));
    }

    public static async Task<Results<Ok<PurchaseOrderDto>, ProblemHttpResult>> Get(Guid id, NegocioDbContext db, CancellationToken ct) =>
        await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct) is { } row ? TypedResults.Ok(ToDto(row)) : NotFound(id);

    /// <summary><c>POST /api/v1/orders/proposals</c>: proposes now (what the hourly job does), answering what was created and what was left out.</summary>
    public static async Task<Ok<OrderProposalDto>> Propose(OrderProposer proposer, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(await proposer.ProposeAsync(OrderOrigins.Manual, user.Identity?.Name ?? "?", ct));

    /// <summary>New quantities for a draft's lines; 0 removes a line; an order cannot be left empty (cancel it instead).</summary>
    public static async Task<Results<Ok<PurchaseOrderDto>, ProblemHttpResult>> EditLines(
        Guid id, [FromBody] OrderLinesRequest? request, NegocioDbContext db, TimeProvider time, CancellationToken ct)
    {
        var changes = request?.Lines is { Count: > 0 } l ? l : throw new DomainException("lines", "Indique las líneas a cambiar.");
        if (changes.Count > MaxLines) throw new DomainException("lines", $"Una orden tiene hasta {MaxLines} líneas (llegaron {changes.Count}).");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = await LockAsync(db, id, ct);
        if (row is null) return NotFound(id);
        if (row.State != "borrador")
            return FieldProblem.Of(StatusCodes.Status409Conflict, "La orden no es un borrador.", "state", $"La orden {Display(row.Number)} está {row.State}: solo se editan borradores.");
        var lines = row.Lines.ToList();
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i] ?? throw new DomainException($"lines[{i}]", "Línea vacía.");
            var productId = change.ProductId ?? throw new DomainException($"lines[{i}].productId", "Falta el producto.");
            var quantity = change.Quantity ?? throw new DomainException($"lines[{i}].quantity", "Falta la cantidad.");
            if (quantity is < 0 or > StockMovement.MaxQuantity) throw new DomainException($"lines[{i}].quantity", $"La cantidad va de 0 (quitar la línea) a {StockMovement.MaxQuantity}.");
            var index = lines.FindIndex(x => x.ProductId == productId);
            if (index < 0) throw new DomainException($"lines[{i}].productId", $"El producto {productId} no está en la orden {Display(row.Number)}.");
            if (changes.Take(i).Any(c => c?.ProductId == productId)) throw new DomainException($"lines[{i}].productId", $"El producto {productId} aparece dos veces.");
            if (quantity == 0) lines.RemoveAt(index);
            else lines[index] = lines[index] with { Quantity = quantity };
        }
        if (lines.Count == 0) throw new DomainException("lines", "La orden quedaría sin líneas: cancélela en lugar de vaciarla.");
        row.Lines = lines;
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(ToDto(row));
    }

    private static async Task<Results<Ok<PurchaseOrderDto>, ProblemHttpResult>> MoveAsync(Guid id, PurchaseOrderState to, NegocioDbContext db, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = await LockAsync(db, id, ct);
        if (row is null) return NotFound(id);
        var from = PurchaseOrderStateMachine.ParseWireName(row.State);
        if (from == to) return TypedResults.Ok(ToDto(row)); // a repeated click: already there
        if (!PurchaseOrderStateMachine.CanTransition(from, to))
            return FieldProblem.Of(StatusCodes.Status409Conflict, "Cambio de estado no permitido.", "state",
                $"La orden {Display(row.Number)} está {from.ToWireName()}: no puede pasar a {to.ToWireName()}.");
        var now = time.GetUtcNow();
        row.State = to.ToWireName();
        row.UpdatedAt = now;
        if (to == PurchaseOrderState.Enviada) row.SentAt = now;
        if (to.IsFinal()) row.ClosedAt = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(ToDto(row));
    }

    /// <summary>
    /// <c>POST /api/v1/orders/{id}/receive</c> with an <c>Idempotency-Key</c>: the lines received (none: everything pending).
    /// The goods enter stock in one batch under that key; the same key again answers the order as it is, applying nothing.
    /// </summary>
    public static async Task<Results<Ok<PurchaseOrderDto>, ProblemHttpResult>> Receive(
        Guid id, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, [FromBody] OrderLinesRequest? request,
        NegocioDbContext db, DepositoAgentClient deposito, ClaimsPrincipal user, TimeProvider time, HttpContext http, ILogger<PurchaseOrderRow> logger, CancellationToken ct)
    {
        var key = TextInput.Name(idempotencyKey, "Idempotency-Key", 60)
            ?? throw new DomainException("Idempotency-Key", "Falta el encabezado Idempotency-Key (hasta 60 caracteres): una clave por entrega hace seguro reintentar.");
        // What arrived is said, never assumed: {"lines": []} receives everything pending; no body at all is a mistake.
        if (request is null) throw new DomainException("body", "Falta el cuerpo: {\"lines\": [...]} con lo recibido, o {\"lines\": []} para todo lo pendiente.");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = await LockAsync(db, id, ct);
        if (row is null) return NotFound(id);
        if (await db.OrderReceipts.AnyAsync(r => r.OrderId == id && r.Key == key, ct))
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Ok(ToDto(row));
        }
        if (row.State != "enviada")
            return FieldProblem.Of(StatusCodes.Status409Conflict, "La orden no se puede recibir.", "state",
                $"La orden {Display(row.Number)} está {row.State}: solo se recibe una orden enviada.");

        var received = Quantities(row, request);
        var reference = Display(row.Number);
        var movements = received.Select(r => new StockMovementRequest(r.ProductId, null, "entrada", r.Quantity, "compra", reference,
            row.Lines.First(l => l.ProductId == r.ProductId).UnitPrice is var price && price > 0 ? price : null)).ToList();
        await deposito.ApplyBatchAsync(StockKey(id, key), movements, null, ct);

        var now = time.GetUtcNow();
        row.Lines = row.Lines.Select(l => l with { Received = l.Received + received.Where(r => r.ProductId == l.ProductId).Sum(r => r.Quantity) }).ToList();
        var complete = row.Lines.All(l => l.Received >= l.Quantity);
        if (complete)
        {
            row.State = "recibida";
            row.ClosedAt = now;
        }
        row.UpdatedAt = now;
        var who = user.Identity?.Name ?? "?";
        db.OrderReceipts.Add(new OrderReceiptRow { OrderId = id, Key = key, Lines = received, ReceivedBy = who, ReceivedAt = now });
        var today = BuenosAiresTime.Today(time);
        foreach (var line in received)
        {
            var ordered = row.Lines.First(l => l.ProductId == line.ProductId);
            if (ordered.UnitPrice <= 0) continue;
            db.PurchasePrices.Add(new PurchasePriceRow
            {
                ProductId = line.ProductId, Day = today, UnitCost = ordered.UnitPrice, Quantity = line.Quantity, SupplierId = row.SupplierId,
                Source = PriceSources.Order, Reference = reference, DocumentId = id, CreatedAt = now,
            });
        }
        // The goods are in: recording that must not be abandoned because the caller went away.
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        NegocioMetrics.OrdersReceived.WithLabels(complete ? "total" : "parcial").Inc();
        var units = received.Sum(r => r.Quantity);
        LogReceived(logger, reference, units, complete);
        return TypedResults.Ok(ToDto(row));
    }

    /// <summary>What this delivery brings: the request's lines (each within what is pending) or everything pending.</summary>
    private static List<ReceivedLine> Quantities(PurchaseOrderRow row, OrderLinesRequest? request)
    {
        if (request?.Lines is not { Count: > 0 } lines)
            return row.Lines.Where(l => l.Quantity > l.Received).Select(l => new ReceivedLine(l.ProductId, l.Quantity - l.Received)).ToList();
        if (lines.Count > MaxLines) throw new DomainException("lines", $"Una entrega nombra hasta {MaxLines} líneas (llegaron {lines.Count}).");
        var result = new List<ReceivedLine>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i] ?? throw new DomainException($"lines[{i}]", "Línea vacía.");
            var productId = line.ProductId ?? throw new DomainException($"lines[{i}].productId", "Falta el producto.");
            var quantity = line.Quantity ?? throw new DomainException($"lines[{i}].quantity", "Falta la cantidad recibida.");
            var ordered = row.Lines.FirstOrDefault(l => l.ProductId == productId)
                ?? throw new DomainException($"lines[{i}].productId", $"El producto {productId} no está en la orden {Display(row.Number)}.");
            if (result.Any(r => r.ProductId == productId)) throw new DomainException($"lines[{i}].productId", $"El producto {ordered.ProductCode} aparece dos veces.");
            var pending = ordered.Quantity - ordered.Received;
            if (quantity < 1 || quantity > pending)
                throw new DomainException($"lines[{i}].quantity", $"De {ordered.ProductCode} quedan {pending} por recibir: la cantidad va de 1 a {pending} (llegó {quantity}).");
            result.Add(new ReceivedLine(productId, quantity));
        }
        return result;
    }

    private static Task<PurchaseOrderRow?> LockAsync(NegocioDbContext db, Guid id, CancellationToken ct) =>
        db.Orders.FromSqlInterpolated($"select * from negocio.purchase_orders where id = {id} for update").SingleOrDefaultAsync(ct);

    private static ProblemHttpResult NotFound(Guid id) => DbErrors.NotFound("Orden inexistente.", $"No existe la orden de compra {id}.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Purchase order {Order}: {Units} units received (complete: {Complete})")]
    private static partial void LogReceived(ILogger logger, string order, int units, bool complete);
}
