using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Negocio.Invoices;

/// <summary>
/// Confirming a draft: every rule is checked (all problems at once, 422), the same invoice cannot be confirmed twice
/// (409), then its goods enter stock in one batch <c>entrada</c> whose idempotency key is the invoice id — so a retry
/// after a timeout, or after negocio failed to record the result, never enters them twice — and only then is the
/// invoice recorded as confirmed with its purchase prices. Sale prices in deposito follow (retried in the background
/// if deposito went away in between).
/// </summary>
public static partial class InvoiceConfirmation
{
    public static string StockKey(Guid invoiceId) => $"negocio-factura-{invoiceId:N}";

    public static async Task<Results<Ok<InvoiceDto>, ProblemHttpResult>> Confirm(
        Guid id, NegocioDbContext db, DepositoAgentClient deposito, PriceSync prices, ClaimsPrincipal user, TimeProvider time,
        HttpContext http, ILogger<InvoiceRow> logger, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Locked until commit: a second confirmation of this draft waits, then finds it confirmed.
        var row = await InvoicesApi.LockAsync(db, id, ct);
        if (row is null) return InvoicesApi.NotFound(id);
        if (row.State == InvoiceStates.Confirmed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Ok(await InvoicesApi.ToDtoAsync(row, db, ct));
        }
        if (row.State == InvoiceStates.Discarded)
            return FieldProblem.Of(StatusCodes.Status409Conflict, "La factura fue descartada.", "state", "Una factura descartada no se confirma: cárguela de nuevo.");

        if (await CheckAsync(row, db, ct) is { } refused) return refused;
        var number = InvoiceDrafts.DisplayNumber(row)!;
        var reference = $"Factura {row.Type} {number}";
        var movements = row.Lines.Select(l => new StockMovementRequest(l.ProductId, null, "entrada", (int)l.Quantity!.Value, "compra", reference,
            l.UnitPrice is >= 0.01m ? Math.Round(l.UnitPrice.Value, 2, MidpointRounding.AwayFromZero) : null)).ToList();
        StockBatchDto applied;
        try
        {
            applied = await deposito.ApplyBatchAsync(StockKey(id), movements, field => field, ct);
        }
        catch (DependencyRefusedException e)
        {
            NegocioMetrics.InvoicesRejected.WithLabels("deposito").Inc();
            LogRefusedByDeposito(logger, id, e.Message);
            if (e.Errors.Values.Any(v => v.Any(m => m.Contains("idempotencia", StringComparison.OrdinalIgnoreCase))))
            {
                // A previous attempt entered these goods with other lines, then negocio failed before recording it, and the draft changed since.
                return FieldProblem.Of(StatusCodes.Status409Conflict, "Un intento anterior ya ingresó esta factura con otras líneas.", "lines",
                    "deposito ya registró la entrada de un intento anterior de confirmar esta factura, con otras cantidades. Revise el stock de sus productos antes de seguir.");
            }
            throw;
        }

        var now = time.GetUtcNow();
        row.State = InvoiceStates.Confirmed;
        row.ConfirmedBy = InvoicesApi.Who(user);
        row.ConfirmedAt = now;
        row.UpdatedAt = now;
        row.DuplicateKey = InvoiceDrafts.DuplicateKey(row);
        row.UnitsEntered = applied.Movements.Sum(m => m.Quantity);
        row.PricesPending = true;
        RecordPurchasePrices(db, row, PriceSources.Invoice, reference, now);
        // The goods are in: recording that must not be abandoned because the caller went away.
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        NegocioMetrics.InvoicesConfirmed.Inc();
        LogConfirmed(logger, id, reference, row.UnitsEntered.Value);

        await prices.TrySyncAsync(row.Id, CancellationToken.None);
        return TypedResults.Ok(await InvoicesApi.ToDtoAsync(await db.Invoices.AsNoTracking().SingleAsync(i => i.Id == id, ct), db, ct));
    }

    /// <summary>
    /// <c>POST /api/v1/invoices/history</c> (admin): an invoice whose goods are already in stock (loaded from the previous
    /// system): validated like a confirmation and unique the same way, recorded confirmed with its purchase prices; stock is not touched.
    /// </summary>
    public static async Task<Results<Created<InvoiceDto>, ProblemHttpResult>> ImportHistory(
        [FromBody] InvoiceRequest? request, NegocioDbContext db, InvoiceLineMatcher matcher, ClaimsPrincipal user, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var row = new InvoiceRow { Id = Guid.NewGuid(), State = InvoiceStates.Draft, Source = InvoiceSources.History, CreatedBy = InvoicesApi.Who(user), CreatedAt = now, UpdatedAt = now };
        InvoiceDrafts.ApplyRequest(row, request, BuenosAiresTime.Today(time));
        await matcher.MatchAsync(row, db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await CheckAsync(row, db, ct) is { } refused) return refused;
        row.State = InvoiceStates.Confirmed;
        row.ConfirmedBy = row.CreatedBy;
        row.ConfirmedAt = now;
        row.DuplicateKey = InvoiceDrafts.DuplicateKey(row);
        db.Invoices.Add(row);
        RecordPurchasePrices(db, row, PriceSources.History, $"Factura {row.Type} {InvoiceDrafts.DisplayNumber(row)}", now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/invoices/{row.Id}", await InvoicesApi.ToDtoAsync(row, db, ct));
    }

    /// <summary>All the rules (422 with every problem) and uniqueness (409), under a lock on the invoice's identity so two drafts of it cannot both pass.</summary>
    private static async Task<ProblemHttpResult?> CheckAsync(InvoiceRow row, NegocioDbContext db, CancellationToken ct)
    {
        var supplier = row.SupplierId is { } sid ? await db.Suppliers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sid, ct) : null;
        var problems = InvoiceDrafts.Problems(row, supplier);
        if (problems.Count > 0)
        {
            NegocioMetrics.InvoicesRejected.WithLabels(problems.All(p => p.Field.EndsWith(".productId", StringComparison.Ordinal)) ? "sin_producto" : "validacion").Inc();
            var errors = problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());
            return TypedResults.Problem(new HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "La factura no se puede confirmar.",
                Detail = string.Create(CultureInfo.InvariantCulture, $"{problems.Count} problema(s): ") + string.Join(" ", problems.Select(p => p.Message)),
            });
        }
        var key = InvoiceDrafts.DuplicateKey(row);
        await db.Database.ExecuteSqlInterpolatedAsync($"select pg_advisory_xact_lock(hashtext({key}))", ct);
        var earlier = await db.Invoices.AsNoTracking().Where(i => i.DuplicateKey == key && i.Id != row.Id).Select(i => new { i.Id, i.ConfirmedAt }).FirstOrDefaultAsync(ct);
        if (earlier is not null)
        {
            NegocioMetrics.InvoicesRejected.WithLabels("duplicada").Inc();
            return FieldProblem.Of(StatusCodes.Status409Conflict, "Factura duplicada.", "number",
                $"La factura {row.Type} {InvoiceDrafts.DisplayNumber(row)} de CUIT {Cuit.Parse(row.IssuerCuit)} ya fue confirmada"
                + (earlier.ConfirmedAt is { } at ? $" el {BuenosAiresTime.FormatDateTime(at)}" : "") + ".",
                [new("duplicateOf", earlier.Id)]);
        }
        return null;
    }

    private static void RecordPurchasePrices(NegocioDbContext db, InvoiceRow row, string source, string reference, DateTimeOffset now)
    {
        foreach (var line in row.Lines.Where(l => l.UnitPrice is >= 0.01m))
        {
            db.PurchasePrices.Add(new PurchasePriceRow
            {
                ProductId = line.ProductId!.Value,
                Day = row.IssueDate!.Value,
                UnitCost = Math.Round(line.UnitPrice!.Value, 2, MidpointRounding.AwayFromZero),
                Quantity = (int)line.Quantity!.Value,
                SupplierId = row.SupplierId,
                Source = source,
                Reference = reference,
                DocumentId = row.Id,
                CreatedAt = now,
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoice {InvoiceId} ({Reference}) confirmed: {Units} units entered stock")]
    private static partial void LogConfirmed(ILogger logger, Guid invoiceId, string reference, int units);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoice {InvoiceId} refused by deposito: {Reason}")]
    private static partial void LogRefusedByDeposito(ILogger logger, Guid invoiceId, string reason);
}
