using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using Npgsql;

namespace MiniMarket.Agents.Deposito;

/// <summary>How a request for movements ended.</summary>
public enum LedgerOutcome
{
    Applied,
    /// <summary>The idempotency key was used before with the same body: the first result, nothing applied again.</summary>
    Replayed,
    /// <summary>The key was used before with another body: nothing applied.</summary>
    KeyConflict,
    /// <summary>A line would take stock below zero: nothing applied.</summary>
    InsufficientStock,
    /// <summary>A line names a product that does not exist: nothing applied.</summary>
    UnknownProduct,
    /// <summary>A line names a product that is deactivated: nothing applied.</summary>
    InactiveProduct,
}

public sealed record LedgerResult(LedgerOutcome Outcome, IReadOnlyList<StockMovementDto> Movements, string? Field = null, string? Message = null)
{
    /// <summary>The products whose stock changed (for the cache): id, code and barcode.</summary>
    public IReadOnlyList<(int Id, string Code, string? Barcode)> Changed { get; init; } = [];
}

/// <summary>Who asked: the person (or agent) and the agent or channel the request came through.</summary>
public sealed record Actor(string User, string Agent);

/// <summary>
/// Applies stock movements, one or a whole delivery, in one transaction: products are locked (SELECT … FOR UPDATE, in id
/// order so that two deliveries never deadlock), a movement that would take stock below zero refuses the whole request,
/// each movement is written with its before/after and the stock updated. The idempotency key makes a retry safe: the
/// same key and body return the first result; the same key with another body is refused. Concurrent requests with the
/// same key are settled by the unique index: the loser rolls back and answers with the winner's result.
/// </summary>
public sealed class StockLedger(DepositoDbContext db, NpgsqlDataSource dataSource, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// One movement in one statement (one round trip): the UPDATE takes the row lock and re-checks "stock stays at or
    /// above zero" on the latest row version, the INSERT writes the movement; a unique-key violation undoes both.
    /// Public for the benchmark, which runs this very statement under pgbench as the database's ceiling.
    /// </summary>
    public const string ApplyOneSql = """
        WITH upd AS (
            UPDATE deposito.products
               SET stock = stock + @quantity, updated_at = @now, updated_by = @user
             WHERE id = @product AND active AND stock + @quantity >= 0
            RETURNING id, code, barcode, stock),
        ins AS (
            INSERT INTO deposito.stock_movements
                (product_id, kind, quantity, stock_before, stock_after, reason, reference, unit_price, user_name, agent,
                 idempotency_key, request_hash, created_at)
            SELECT upd.id, @kind, @quantity, upd.stock - @quantity, upd.stock, @reason, @reference, @price, @user, @agent,
                   @key, @hash, @at
              FROM upd
            RETURNING id, product_id, stock_before, stock_after, created_at)
        SELECT ins.id, ins.stock_before, ins.stock_after, ins.created_at, upd.code, upd.barcode FROM ins JOIN upd ON upd.id = ins.product_id
        """;

    public async Task<LedgerResult> ApplyAsync(string idempotencyKey, IReadOnlyList<ValidMovement> lines, string requestHash, Actor actor, bool batch, CancellationToken cancellationToken)
    {
        // One key space for both endpoints: line i of a request is stored as "key#i" (a single movement is line 0), so a
        // key used on /movements and again on /movements/batch is recognised as the same key.
        var keys = lines.Select((_, i) => $"{idempotencyKey}#{i}").ToList();
        if (!batch && lines.Count == 1) return await ApplyOneAsync(keys[0], lines[0], requestHash, actor, cancellationToken);
        if (await ReplayAsync(keys, requestHash, cancellationToken) is { } replay) return replay;

        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var result = await ApplyLockedAsync(keys, lines, requestHash, actor, cancellationToken);
                if (result.Outcome == LedgerOutcome.Applied) await transaction.CommitAsync(cancellationToken);
                else await transaction.RollbackAsync(cancellationToken);
                return result;
            });
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique
                                           && unique.ConstraintName?.Contains("idempotency_key", StringComparison.Ordinal) == true)
        {
            // Another request with the same key committed first.
            db.ChangeTracker.Clear();
            return await ReplayAsync(keys, requestHash, cancellationToken)
                ?? throw new InvalidOperationException("Idempotency key collided but its movements are not readable.", ex);
        }
    }

    private async Task<LedgerResult> ApplyOneAsync(string key, ValidMovement line, string requestHash, Actor actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var kind = line.Kind.ToWireName();
        await using (var command = dataSource.CreateCommand(ApplyOneSql))
        {
            var p = command.Parameters;
            p.AddWithValue("quantity", line.Quantity);
            p.AddWithValue("now", now);
            p.AddWithValue("user", actor.User);
            p.AddWithValue("product", line.ProductId);
            p.AddWithValue("kind", kind);
            p.AddWithValue("reason", (object?)line.Reason ?? DBNull.Value);
            p.AddWithValue("reference", (object?)line.Reference ?? DBNull.Value);
            p.AddWithValue("price", (object?)line.UnitPrice ?? DBNull.Value);
            p.AddWithValue("agent", actor.Agent);
            p.AddWithValue("key", key);
            p.AddWithValue("hash", requestHash);
            p.AddWithValue("at", line.OccurredAt ?? now);
            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    var code = reader.GetString(4);
                    var movement = new StockMovementDto(reader.GetInt64(0), line.ProductId, code, kind, line.Quantity, reader.GetInt32(1), reader.GetInt32(2),
                        line.Reason, line.Reference, line.UnitPrice, actor.User, actor.Agent, reader.GetFieldValue<DateTimeOffset>(3));
                    return new LedgerResult(LedgerOutcome.Applied, [movement]) { Changed = [(line.ProductId, code, reader.IsDBNull(5) ? null : reader.GetString(5))] };
                }
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName?.Contains("idempotency_key", StringComparison.Ordinal) == true)
            {
                // The key was applied before (or concurrently): answer with that result below.
            }
        }
        // Nothing applied: a replay, a reused key, an unknown or inactive product, or not enough stock.
        if (await ReplayAsync([key], requestHash, cancellationToken) is { } replay) return replay;
        var product = await db.Products.AsNoTracking().Where(x => x.Id == line.ProductId).Select(x => new { x.Code, x.Active, x.Stock }).SingleOrDefaultAsync(cancellationToken);
        if (product is null) return new LedgerResult(LedgerOutcome.UnknownProduct, [], "productId", $"No existe el producto {line.ProductId}.");
        if (!product.Active) return new LedgerResult(LedgerOutcome.InactiveProduct, [], "productId", $"El producto {product.Code} está dado de baja.");
        return new LedgerResult(LedgerOutcome.InsufficientStock, [], "quantity",
            $"No hay stock suficiente de {product.Code}: quedan {product.Stock}, se piden {-line.Quantity}.");
    }

    private async Task<LedgerResult> ApplyLockedAsync(List<string> keys, IReadOnlyList<ValidMovement> lines, string requestHash, Actor actor, CancellationToken cancellationToken)
    {
        var ids = lines.Select(l => l.ProductId).Distinct().Order().ToArray();
        var products = await db.Products
            .FromSql($"SELECT p.*, p.xmin FROM deposito.products AS p WHERE p.id = ANY({ids}) ORDER BY p.id FOR UPDATE")
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var now = time.GetUtcNow();
        var rows = new List<StockMovementRow>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var field = lines.Count > 1 ? $"lines[{i}]." : "";
            if (!products.TryGetValue(line.ProductId, out var product) || !product.Active)
            {
                return product is null
                    ? new LedgerResult(LedgerOutcome.UnknownProduct, [], field + "productId", $"No existe el producto {line.ProductId}.")
                    : new LedgerResult(LedgerOutcome.InactiveProduct, [], field + "productId", $"El producto {product.Code} está dado de baja.");
            }
            if (product.Stock + line.Quantity < 0)
            {
                return new LedgerResult(LedgerOutcome.InsufficientStock, [], field + "quantity",
                    $"No hay stock suficiente de {product.Code}: quedan {product.Stock}, se piden {-line.Quantity}.");
            }
            // The line's own rules were checked before locking (StockApi); this builds the before/after.
            var movement = StockMovement.Apply(product.Stock, ProductCode.Create(product.Code), line.Kind, line.Quantity, keys[i],
                line.Reason, line.Reference, line.UnitPrice is { } price ? new Ars(price) : null, actor.User, actor.Agent);
            product.Stock = movement.StockAfter;
            product.UpdatedAt = now;
            product.UpdatedBy = actor.User;
            var row = new StockMovementRow
            {
                ProductId = product.Id,
                Product = product,
                Kind = movement.Kind.ToWireName(),
                Quantity = movement.Quantity,
                StockBefore = movement.StockBefore,
                StockAfter = movement.StockAfter,
                Reason = movement.Reason,
                Reference = movement.Reference,
                UnitPrice = movement.UnitPrice?.Amount,
                UserName = actor.User,
                Agent = actor.Agent,
                IdempotencyKey = keys[i],
                RequestHash = requestHash,
                CreatedAt = line.OccurredAt ?? now,
            };
            rows.Add(row);
            db.StockMovements.Add(row);
        }
        await db.SaveChangesAsync(cancellationToken);
        return new LedgerResult(LedgerOutcome.Applied, rows.Select(ToDto).ToList())
        {
            Changed = products.Values.Where(p => rows.Any(r => r.ProductId == p.Id)).Select(p => (p.Id, p.Code, p.Barcode)).ToList(),
        };
    }

    private async Task<LedgerResult?> ReplayAsync(List<string> keys, string requestHash, CancellationToken cancellationToken)
    {
        var first = keys[0];
        var stored = await db.StockMovements.AsNoTracking().Include(m => m.Product)
            .Where(m => m.IdempotencyKey == first || (keys.Count > 1 && keys.Contains(m.IdempotencyKey)))
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
        if (stored.Count == 0) return null;
        return stored[0].RequestHash == requestHash && stored.Count == keys.Count
            ? new LedgerResult(LedgerOutcome.Replayed, stored.Select(ToDto).ToList())
            : new LedgerResult(LedgerOutcome.KeyConflict, [], "Idempotency-Key",
                "Esta clave de idempotencia ya se usó con otro contenido: use una clave nueva para otro movimiento.");
    }

    public static StockMovementDto ToDto(StockMovementRow m) => new(
        m.Id, m.ProductId, m.Product?.Code ?? "", m.Kind, m.Quantity, m.StockBefore, m.StockAfter, m.Reason, m.Reference,
        m.UnitPrice, m.UserName, m.Agent, m.CreatedAt);

    /// <summary>SHA-256 of the request as JSON: the same key with another body is told apart from a retry.</summary>
    public static string Hash(string endpoint, object request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(endpoint + "\n" + JsonSerializer.Serialize(request, Json))));
}

/// <summary>A movement line that passed validation (kind known, quantity sane, product resolved to an id).</summary>
public sealed record ValidMovement(int ProductId, StockMovementKind Kind, int Quantity, string? Reason, string? Reference, decimal? UnitPrice, DateTimeOffset? OccurredAt = null);
