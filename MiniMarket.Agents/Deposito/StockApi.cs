using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MiniMarket.Agents.Hosting;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Deposito;

/// <summary>Stock movements (single and batch, idempotent), their history, critical stock and valuation.</summary>
public static class StockApi
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 90;
    public const int MaxBatchLines = 500;

    /// <summary>How far back a movement may be dated (loading a till's history).</summary>
    public static readonly TimeSpan MaxBackdating = TimeSpan.FromDays(400);

    public static IEndpointRouteBuilder MapStockApi(this IEndpointRouteBuilder endpoints)
    {
        var stock = endpoints.MapGroup("/api/v1/stock").WithTags("stock");
        stock.MapPost("/movements", PostMovement).RequireAuthorization(DepositoAgent.WritePolicy);
        stock.MapPost("/movements/batch", PostBatch).RequireAuthorization(DepositoAgent.WritePolicy);
        stock.MapGet("/movements", ListMovements).RequireAuthorization(DepositoAgent.ReadPolicy);
        stock.MapGet("/movements/{id:long}", GetMovement).RequireAuthorization(DepositoAgent.ReadPolicy);
        stock.MapGet("/critical", StockReports.GetCritical).RequireAuthorization(DepositoAgent.ReadPolicy);
        stock.MapGet("/valuation", StockReports.GetValuation).RequireAuthorization(DepositoAgent.ReadPolicy);
        stock.MapGet("/history/sales", StockHistory.GetSales).RequireAuthorization(DepositoAgent.ReadPolicy);
        stock.MapGet("/history/purchases", StockHistory.GetPurchases).RequireAuthorization(DepositoAgent.ReadPolicy);
        endpoints.MapGet("/api/v1/products/{id:int}/movements",
                (int id, string? kind, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, DepositoDbContext db, TimeProvider time, CancellationToken ct) =>
                    ListMovements(id, kind, from, to, page, pageSize, db, time, ct))
            .WithTags("stock").RequireAuthorization(DepositoAgent.ReadPolicy);
        return endpoints;
    }

    public static Task<Results<Created<StockMovementDto>, Ok<StockMovementDto>, ProblemHttpResult>> PostMovement(
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, [FromBody] StockMovementRequest? request,
        DepositoDbContext db, StockLedger ledger, ProductCache cache, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken) =>
        CountingInvalid(() => ApplyMovement(idempotencyKey, request, db, ledger, cache, user, http, cancellationToken));

    public static Task<Results<Created<StockBatchDto>, Ok<StockBatchDto>, ProblemHttpResult>> PostBatch(
        [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, [FromBody] StockBatchRequest? request,
        DepositoDbContext db, StockLedger ledger, ProductCache cache, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken) =>
        CountingInvalid(() => ApplyBatch(idempotencyKey, request, db, ledger, cache, user, http, cancellationToken));

    /// <summary>A request refused by validation (a 400) is a refused movement too: counted as <c>invalido</c>.</summary>
    private static async Task<T> CountingInvalid<T>(Func<Task<T>> handler)
    {
        try
        {
            return await handler();
        }
        catch (DomainException)
        {
            DepositoMetrics.MovementsRefused.WithLabels(DepositoMetrics.Refusal.Invalid).Inc();
            throw;
        }
    }

    private static async Task<Results<Created<StockMovementDto>, Ok<StockMovementDto>, ProblemHttpResult>> ApplyMovement(
        string? idempotencyKey, StockMovementRequest? request,
        DepositoDbContext db, StockLedger ledger, ProductCache cache, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken)
    {
        var key = RequireKey(idempotencyKey);
        var line = await ValidateAsync(request ?? throw new DomainException("body", "Falta el cuerpo del movimiento."), "", user, db, cancellationToken);
        var result = await ledger.ApplyAsync(key, [line], StockLedger.Hash("movement", request), ActorOf(user), batch: false, cancellationToken);
        return await AnswerAsync(result, cache, http) switch
        {
            { } problem => problem,
            null when result.Outcome == LedgerOutcome.Replayed => TypedResults.Ok(result.Movements[0]),
            _ => TypedResults.Created($"/api/v1/stock/movements/{result.Movements[0].Id}", result.Movements[0]),
        };
    }

    private static async Task<Results<Created<StockBatchDto>, Ok<StockBatchDto>, ProblemHttpResult>> ApplyBatch(
        string? idempotencyKey, StockBatchRequest? request,
        DepositoDbContext db, StockLedger ledger, ProductCache cache, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken)
    {
        var key = RequireKey(idempotencyKey);
        if (request?.Lines is not { Count: > 0 } lines) throw new DomainException("lines", "La entrega no tiene líneas.");
        if (lines.Count > MaxBatchLines) throw new DomainException("lines", $"Una entrega admite hasta {MaxBatchLines} líneas (llegaron {lines.Count}).");
        var valid = new List<ValidMovement>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            valid.Add(await ValidateAsync(lines[i] ?? throw new DomainException($"lines[{i}]", "Línea vacía."), $"lines[{i}].", user, db, cancellationToken));
        }
        var result = await ledger.ApplyAsync(key, valid, StockLedger.Hash("batch", request), ActorOf(user), batch: true, cancellationToken);
        var body = new StockBatchDto(result.Movements);
        return await AnswerAsync(result, cache, http) switch
        {
            { } problem => problem,
            null when result.Outcome == LedgerOutcome.Replayed => TypedResults.Ok(body),
            _ => TypedResults.Created((string?)null, body),
        };
    }

    /// <summary>Counts, invalidates the cache of the products that changed, and turns refusals into ProblemDetails.</summary>
    private static async Task<ProblemHttpResult?> AnswerAsync(LedgerResult result, ProductCache cache, HttpContext http)
    {
        switch (result.Outcome)
        {
            case LedgerOutcome.Applied:
                foreach (var m in result.Movements)
                {
                    DepositoMetrics.MovementsApplied.WithLabels(m.Kind).Inc();
                    DepositoMetrics.UnitsMoved.WithLabels(m.Kind).Inc(Math.Abs(m.Quantity));
                }
                await cache.InvalidateAsync(result.Changed);
                return null;
            case LedgerOutcome.Replayed:
                DepositoMetrics.IdempotentReplays.Inc();
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return null;
            case LedgerOutcome.InsufficientStock:
                return Refuse(DepositoMetrics.Refusal.InsufficientStock, StatusCodes.Status409Conflict, "No hay stock suficiente.", result);
            case LedgerOutcome.UnknownProduct:
                return Refuse(DepositoMetrics.Refusal.UnknownProduct, StatusCodes.Status422UnprocessableEntity, "Producto inexistente.", result);
            case LedgerOutcome.InactiveProduct:
                return Refuse(DepositoMetrics.Refusal.InactiveProduct, StatusCodes.Status422UnprocessableEntity, "Producto dado de baja.", result);
            default:
                return Refuse(DepositoMetrics.Refusal.KeyReusedWithOtherBody, StatusCodes.Status422UnprocessableEntity, "Clave de idempotencia reutilizada.", result);
        }
    }

    private static ProblemHttpResult Refuse(string reason, int status, string title, LedgerResult result)
    {
        DepositoMetrics.MovementsRefused.WithLabels(reason).Inc();
        return FieldProblem.Of(status, title, result.Field!, result.Message!);
    }

    private static string RequireKey(string? key)
    {
        key = TextInput.Name(key, IdempotencyHeader, MaxIdempotencyKeyLength);
        if (string.IsNullOrEmpty(key))
            throw new DomainException(IdempotencyHeader, "Falta el encabezado Idempotency-Key: una clave única por movimiento (p. ej. un UUID) que hace seguro reintentar.");
        if (key.Contains('#', StringComparison.Ordinal))
            throw new DomainException(IdempotencyHeader, "La clave Idempotency-Key no puede contener '#'.");
        return key;
    }

    /// <summary>Checks a line's own rules (kind, quantity, sign, texts, price) and resolves its product, before any lock.</summary>
    private static async Task<ValidMovement> ValidateAsync(StockMovementRequest line, string prefix, ClaimsPrincipal user, DepositoDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            var kind = StockMovementKindWire.Parse(line.Kind ?? throw new DomainException("kind", "Falta el tipo: entrada, salida, ajuste o transferencia."));
            var quantity = line.Quantity ?? throw new DomainException("quantity", "Falta la cantidad.");
            PriceRules.Check(line.UnitPrice, "unitPrice");
            // The movement's own rules; the stock is checked under lock.
            StockMovement.Check(kind, quantity, line.Reason, line.Reference, line.UnitPrice is { } price ? new Ars(price) : null);
            if (line.OccurredAt is { } occurred)
            {
                if (!user.IsInRole(Roles.Admin))
                    throw new DomainException("occurredAt", "Solo un administrador puede fechar un movimiento (carga de historial).");
                var now = DateTimeOffset.UtcNow;
                if (occurred > now.AddMinutes(1) || occurred < now - MaxBackdating)
                    throw new DomainException("occurredAt", $"La fecha del movimiento debe estar entre hace {MaxBackdating.TotalDays:0} días y ahora.");
            }
            var productId = await ResolveProductAsync(line, db, cancellationToken);
            return new ValidMovement(productId, kind, quantity, Blank(line.Reason), Blank(line.Reference), line.UnitPrice, line.OccurredAt?.ToUniversalTime());
        }
        catch (DomainException ex) when (prefix.Length > 0)
        {
            throw new DomainException(prefix + ex.Field, ex.Message);
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The product by id or by code; both may be given only when they are the same product.</summary>
    private static async Task<int> ResolveProductAsync(StockMovementRequest line, DepositoDbContext db, CancellationToken cancellationToken)
    {
        var code = string.IsNullOrWhiteSpace(line.ProductCode) ? null : ProductCode.Create(line.ProductCode, "productCode").Value;
        if (code is null) return line.ProductId ?? throw new DomainException("productId", "Indique el producto: productId o productCode.");
        var byCode = await db.Products.Where(p => p.Code == code).Select(p => (int?)p.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new DomainException("productCode", $"No existe un producto con código {code}.");
        if (line.ProductId is { } id && id != byCode)
            throw new DomainException("productCode", $"El código {code} es de otro producto que el {id}: indique uno solo, o los dos del mismo producto.");
        return byCode;
    }

    private static Actor ActorOf(ClaimsPrincipal user)
    {
        var name = user.Identity?.Name ?? "?";
        var agent = name.StartsWith("agent:", StringComparison.Ordinal) ? name["agent:".Length..]
            : user.FindFirst("token_kind")?.Value == "script" ? "script" : "console";
        return new Actor(name, agent);
    }

    public static async Task<Ok<PagedResult<StockMovementDto>>> ListMovements(
        int? productId, string? kind, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, DepositoDbContext db, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (p, size) = Paging.Of(page, pageSize);
        var today = BuenosAiresTime.Today(time);
        from = DateInput.Check(from, "from", today);
        to = DateInput.Check(to, "to", today);
        var query = db.StockMovements.AsNoTracking().Include(m => m.Product).AsQueryable();
        if (productId is { } id) query = query.Where(m => m.ProductId == id);
        if (!string.IsNullOrWhiteSpace(kind))
        {
            var wire = StockMovementKindWire.Parse(kind).ToWireName();
            query = query.Where(m => m.Kind == wire);
        }
        if (from is { } f) query = query.Where(m => m.CreatedAt >= f.ToUniversalTime());
        if (to is { } t) query = query.Where(m => m.CreatedAt < t.ToUniversalTime());
        if (from > to) throw new DomainException("to", "La fecha 'to' es anterior a 'from'.");
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(m => m.Id).Skip((p - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedResult<StockMovementDto>(items.Select(StockLedger.ToDto).ToList(), total, p, size));
    }

    public static async Task<Results<Ok<StockMovementDto>, ProblemHttpResult>> GetMovement(long id, DepositoDbContext db, CancellationToken cancellationToken)
    {
        var movement = await db.StockMovements.AsNoTracking().Include(m => m.Product).SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        return movement is null
            ? DbErrors.NotFound("Movimiento inexistente.", $"No existe el movimiento {id}.")
            : TypedResults.Ok(StockLedger.ToDto(movement));
    }
}
