using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MiniMarket.Agents.Hosting;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Negocio.Invoices;

/// <summary>
/// Supplier invoices: a photo read by ml becomes a draft (or one is typed), a person corrects and confirms it, and its
/// goods enter stock once (<see cref="InvoiceConfirmation"/>). Drafts can be discarded; history can be loaded.
/// </summary>
public static class InvoicesApi
{
    public static IEndpointRouteBuilder MapInvoicesApi(this IEndpointRouteBuilder endpoints)
    {
        var invoices = endpoints.MapGroup("/api/v1/invoices").WithTags("invoices");
        invoices.MapGet("/", List).RequireAuthorization(NegocioAgent.ReadPolicy);
        invoices.MapGet("/{id:guid}", Get).RequireAuthorization(NegocioAgent.ReadPolicy);
        invoices.MapGet("/{id:guid}/image", GetImage).RequireAuthorization(NegocioAgent.ReadPolicy);
        invoices.MapPost("/ocr", InvoiceUpload.FromImage).RequireAuthorization(NegocioAgent.WritePolicy).DisableAntiforgery().AcceptsUpload();
        invoices.MapPost("/", CreateTyped).RequireAuthorization(NegocioAgent.WritePolicy);
        invoices.MapPost("/history", InvoiceConfirmation.ImportHistory).RequireAuthorization(NegocioAgent.AdminPolicy);
        invoices.MapPut("/{id:guid}", Update).RequireAuthorization(NegocioAgent.WritePolicy);
        invoices.MapPost("/{id:guid}/confirm", InvoiceConfirmation.Confirm).RequireAuthorization(NegocioAgent.WritePolicy);
        invoices.MapPost("/{id:guid}/discard", Discard).RequireAuthorization(NegocioAgent.WritePolicy);
        return endpoints;
    }

    /// <summary><c>GET /api/v1/invoices?state=borrador&amp;supplierId=&amp;q=&amp;page=1&amp;pageSize=50</c>, newest first; <c>q</c> searches issuer name and CUIT.</summary>
    public static async Task<Ok<PagedResult<InvoiceSummaryDto>>> List(string? state, Guid? supplierId, string? q, int? page, int? pageSize, NegocioDbContext db, CancellationToken ct)
    {
        var (p, size) = Paging.Of(page, pageSize);
        var query = db.Invoices.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(state))
        {
            var s = state.Trim().ToLowerInvariant();
            if (s is not (InvoiceStates.Draft or InvoiceStates.Confirmed or InvoiceStates.Discarded))
                throw new DomainException("state", $"Estado {NegocioText.Quote(state)} desconocido: borrador, confirmada o descartada.");
            query = query.Where(i => i.State == s);
        }
        if (supplierId is { } supplier) query = query.Where(i => i.SupplierId == supplier);
        if (!string.IsNullOrWhiteSpace(q))
        {
            if (q.Length > 100) throw new DomainException("q", "La búsqueda admite hasta 100 caracteres.");
            var pattern = "%" + DbErrors.EscapeLike(q.Trim()) + "%";
            var digits = new string(q.Where(char.IsAsciiDigit).ToArray());
            query = query.Where(i => EF.Functions.ILike(i.IssuerName ?? "", pattern) || (digits.Length >= 3 && (i.IssuerCuit ?? "").Contains(digits)));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(i => i.CreatedAt).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new PagedResult<InvoiceSummaryDto>(rows.Select(InvoiceDrafts.ToSummary).ToList(), total, p, size));
    }

    public static async Task<Results<Ok<InvoiceDto>, ProblemHttpResult>> Get(Guid id, NegocioDbContext db, CancellationToken ct)
    {
        var row = await db.Invoices.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
        return row is null ? NotFound(id) : TypedResults.Ok(await ToDtoAsync(row, db, ct));
    }

    /// <summary><c>GET /api/v1/invoices/{id}/image?page=1</c>: a page of the photo or scan the draft was read from.</summary>
    public static async Task<IResult> GetImage(Guid id, int? page, NegocioDbContext db, CancellationToken ct)
    {
        var number = page ?? 1;
        if (number is < 1 or > ImageUpload.MaxPages) throw new DomainException("page", $"La página va de 1 a {ImageUpload.MaxPages}.");
        var image = await db.InvoiceImages.AsNoTracking().SingleOrDefaultAsync(i => i.InvoiceId == id && i.Page == number, ct);
        return image is null
            ? DbErrors.NotFound("Imagen inexistente.", $"La factura {id} no existe, no se cargó desde una imagen o no tiene página {number}.")
            : TypedResults.File(image.Bytes, image.ContentType);
    }

    /// <summary>A draft typed by a person (no photo): lines are matched to products like an OCR draft's.</summary>
    public static async Task<Results<Created<InvoiceDto>, ProblemHttpResult>> CreateTyped(
        [FromBody] InvoiceRequest? request, NegocioDbContext db, InvoiceLineMatcher matcher, ClaimsPrincipal user, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var row = new InvoiceRow { Id = Guid.NewGuid(), State = InvoiceStates.Draft, Source = InvoiceSources.Manual, CreatedBy = Who(user), CreatedAt = now, UpdatedAt = now };
        InvoiceDrafts.ApplyRequest(row, request, BuenosAiresTime.Today(time));
        await matcher.MatchAsync(row, db, ct);
        db.Invoices.Add(row);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/invoices/{row.Id}", await ToDtoAsync(row, db, ct));
    }

    /// <summary>Replaces a draft's fields with the person's corrections; lines without a product chosen are matched again.</summary>
    public static async Task<Results<Ok<InvoiceDto>, ProblemHttpResult>> Update(
        Guid id, [FromBody] InvoiceRequest? request, NegocioDbContext db, InvoiceLineMatcher matcher, TimeProvider time, CancellationToken ct)
    {
        // Locked like a confirmation: an edit never lands on an invoice confirmed meanwhile.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = await LockAsync(db, id, ct);
        if (row is null) return NotFound(id);
        if (row.State != InvoiceStates.Draft)
            return FieldProblem.Of(StatusCodes.Status409Conflict, "La factura no es un borrador.", "state", $"La factura está {row.State}: solo se corrige un borrador.");
        InvoiceDrafts.ApplyRequest(row, request, BuenosAiresTime.Today(time));
        await matcher.MatchAsync(row, db, ct);
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(await ToDtoAsync(row, db, ct));
    }

    public static async Task<Results<Ok<InvoiceDto>, ProblemHttpResult>> Discard(Guid id, NegocioDbContext db, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = await LockAsync(db, id, ct);
        if (row is null) return NotFound(id);
        if (row.State == InvoiceStates.Confirmed)
            return FieldProblem.Of(StatusCodes.Status409Conflict, "La factura ya fue confirmada.", "state", "Una factura confirmada ya ingresó su mercadería: no se descarta.");
        if (row.State == InvoiceStates.Draft)
        {
            row.State = InvoiceStates.Discarded;
            row.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            NegocioMetrics.InvoicesDiscarded.Inc();
        }
        return TypedResults.Ok(await ToDtoAsync(row, db, ct));
    }

    /// <summary>The invoice row, locked until the transaction ends: confirm, edit and discard of one invoice run one at a time.</summary>
    public static Task<InvoiceRow?> LockAsync(NegocioDbContext db, Guid id, CancellationToken ct) =>
        db.Invoices.FromSqlInterpolated($"select * from negocio.invoices where id = {id} for update").SingleOrDefaultAsync(ct);

    public static ProblemHttpResult NotFound(Guid id) => DbErrors.NotFound("Factura inexistente.", $"No existe la factura {id}.");

    public static string Who(ClaimsPrincipal user) => user.Identity?.Name ?? "?";

    /// <summary>The DTO with the supplier's name and, for a draft, what still stops its confirmation.</summary>
    public static async Task<InvoiceDto> ToDtoAsync(InvoiceRow row, NegocioDbContext db, CancellationToken ct)
    {
        var supplier = row.SupplierId is { } sid ? await db.Suppliers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sid, ct) : null;
        var problems = row.State == InvoiceStates.Draft ? InvoiceDrafts.Problems(row, supplier) : [];
        return InvoiceDrafts.ToDto(row, supplier?.Name, problems);
    }
}

/// <summary>Matches a draft's supplier (by the issuer's CUIT) and its lines (by code, barcode or name) with deposito's catalog.</summary>
public sealed partial class InvoiceLineMatcher(ProductCatalog catalog, ProductMatcher matcher, ILogger<InvoiceLineMatcher> logger)
{
    public const string NoCatalogWarning = "sin_catalogo";

    public const string FromSupplierWarning = "dato_del_proveedor";

    public const string OtherNameWarning = "nombre_distinto_del_proveedor";

    /// <summary>
    /// The issuer's block against the supplier registered with its CUIT (whose check digit the OCR verified): a name read
    /// the same way is confirmed; a name or IVA condition not read is taken from the record, flagged; a name read otherwise
    /// is kept as read and flagged, so the person decides.
    /// </summary>
    private static void ConfirmIssuer(InvoiceRow row, SupplierRow supplier)
    {
        if (row.IssuerIvaCondition is null)
        {
            // What the photo did not show legibly, the supplier's record says: flagged for the person to check.
            row.IssuerIvaCondition = supplier.IvaCondition;
            row.Warnings = [.. row.Warnings, new OcrWarningDto(FromSupplierWarning, "issuer.ivaCondition",
                $"La condición de IVA del emisor no se leyó: se tomó la del proveedor registrado ({supplier.IvaCondition}).")];
        }
        if (row.IssuerName is null)
        {
            row.IssuerName = supplier.Name;
            row.Warnings = [.. row.Warnings, new OcrWarningDto(FromSupplierWarning, "issuer.name",
                $"El nombre del emisor no se leyó: se tomó el del proveedor registrado con ese CUIT ({supplier.Name}).")];
        }
        else if (NegocioText.Fold(row.IssuerName) == NegocioText.Fold(supplier.Name))
        {
            row.Confidence = new Dictionary<string, double>(row.Confidence) { ["issuer.name"] = 1 };
        }
        else
        {
            row.Warnings = [.. row.Warnings, new OcrWarningDto(OtherNameWarning, "issuer.name",
                $"El nombre leído ({row.IssuerName}) no es el del proveedor registrado con ese CUIT ({supplier.Name}): revisarlo.")];
        }
    }

    public async Task MatchAsync(InvoiceRow row, NegocioDbContext db, CancellationToken ct)
    {
        if (row.SupplierId is null && row.IssuerCuit is { Length: 11 } cuit)
            row.SupplierId = (await db.Suppliers.AsNoTracking().SingleOrDefaultAsync(s => s.Cuit == cuit, ct))?.Id;
        row.Warnings = row.Warnings.Where(w => w.Code is not (NoCatalogWarning or FromSupplierWarning or OtherNameWarning)).ToList();
        if (row.SupplierId is { } supplierId && await db.Suppliers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == supplierId, ct) is { } supplier)
        {
            ConfirmIssuer(row, supplier);
        }
        IReadOnlyList<ProductDto> products;
        try
        {
            products = await catalog.GetAsync(ct);
        }
        catch (DependencyUnavailableException e)
        {
            // The OCR's work is kept: the lines stay unmatched and the next edit matches them again.
            LogNoCatalog(logger, e.Message);
            row.Warnings = [.. row.Warnings, new OcrWarningDto(NoCatalogWarning, "lines", "deposito no respondió: las líneas quedaron sin asociar a productos. Guarde el borrador de nuevo para reintentar.")];
            return;
        }
        row.Lines = row.Lines.Select(line =>
        {
            if (line.ProductId is { } chosen)
            {
                var product = products.FirstOrDefault(p => p.Id == chosen);
                return line with { ProductCode = product?.Code ?? line.ProductCode, ProductName = product?.Name ?? line.ProductName };
            }
            var (match, how, score) = matcher.Match(line.Code, line.Description, products);
            return line with { ProductId = match?.Id, ProductCode = match?.Code, ProductName = match?.Name, Match = how, MatchScore = score };
        }).ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoice lines left unmatched, deposito's catalog is unavailable: {Reason}")]
    private static partial void LogNoCatalog(ILogger logger, string reason);
}
