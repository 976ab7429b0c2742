using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MiniMarket.Agents.Hosting;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Negocio;

/// <summary>Prices under inflation: a product's price picture at a date, its purchase history, and the markup per category.</summary>
public static class PricesApi
{
    public static IEndpointRouteBuilder MapPricesApi(this IEndpointRouteBuilder endpoints)
    {
        var prices = endpoints.MapGroup("/api/v1/prices").WithTags("prices");
        prices.MapGet("/{productId:int}", GetPrice).RequireAuthorization(NegocioAgent.ReadPolicy);
        prices.MapGet("/{productId:int}/history", GetHistory).RequireAuthorization(NegocioAgent.ReadPolicy);
        prices.MapGet("/markups", ListMarkups).RequireAuthorization(NegocioAgent.ReadPolicy);
        prices.MapPut("/markups/{category}", SetMarkup).RequireAuthorization(NegocioAgent.WritePolicy);
        return endpoints;
    }

    /// <summary><c>GET /api/v1/prices/12?date=2026-12-15</c>: last purchase cost, days since, inflation used, replacement cost, sale price with markup, margin.</summary>
    public static async Task<Results<Ok<PriceDto>, ProblemHttpResult>> GetPrice(int productId, DateOnly? date, DepositoAgentClient deposito, Pricing pricing, TimeProvider time, CancellationToken ct)
    {
        var today = BuenosAiresTime.Today(time);
        if (date is { } d && (d.DayNumber < today.DayNumber - InflationAdjustedCost.MaxDays || d.DayNumber > today.DayNumber + 366))
            throw new DomainException("date", "La fecha va de 10 años atrás a un año adelante.");
        var product = await deposito.GetProductAsync(productId, ct);
        if (product is null) return DbErrors.NotFound("Producto inexistente.", $"No existe el producto {productId}.");
        return TypedResults.Ok(await pricing.PriceAsync(product, date, ct));
    }

    /// <summary>The purchase prices recorded for a product (invoices, orders, history), newest first.</summary>
    public static async Task<Ok<IReadOnlyList<PurchasePriceDto>>> GetHistory(int productId, int? limit, NegocioDbContext db, CancellationToken ct)
    {
        var take = limit ?? 100;
        if (take is < 1 or > 1000) throw new DomainException("limit", "El límite va de 1 a 1000.");
        var rows = await db.PurchasePrices.AsNoTracking().Where(p => p.ProductId == productId)
            .OrderByDescending(p => p.Day).ThenByDescending(p => p.Id).Take(take).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<PurchasePriceDto>>(rows.Select(p => new PurchasePriceDto(p.ProductId, p.Day, p.UnitCost, p.SupplierId, p.Source, p.Reference)).ToList());
    }

    /// <summary>Every category deposito has, with the markup that applies to it and whether it is the default.</summary>
    public static async Task<Ok<IReadOnlyList<CategoryMarkupDto>>> ListMarkups(
        NegocioDbContext db, Invoices.ProductCatalog catalog, IOptions<NegocioOptions> options, CancellationToken ct)
    {
        var stored = (await db.Markups.AsNoTracking().ToListAsync(ct)).ToDictionary(m => m.Category, m => m.MarkupPercent, StringComparer.OrdinalIgnoreCase);
        var categories = (await catalog.GetAsync(ct)).Select(p => p.Category)
            .Concat(stored.Keys).Concat(options.Value.MarkupPercentByCategory.Keys)
            .Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(c => c, StringComparer.Ordinal).ToList();
        return TypedResults.Ok<IReadOnlyList<CategoryMarkupDto>>(categories.Select(c =>
            stored.TryGetValue(c, out var s) ? new CategoryMarkupDto(c, s, false)
            : options.Value.MarkupPercentByCategory.TryGetValue(c, out var configured) ? new CategoryMarkupDto(c, configured, false)
            : new CategoryMarkupDto(c, options.Value.DefaultMarkupPercent, true)).ToList());
    }

    /// <summary><c>PUT /api/v1/prices/markups/Bebidas</c> <c>{"markupPercent": 40}</c>: applies to the next invoices confirmed.</summary>
    public static async Task<Results<Ok<CategoryMarkupDto>, ProblemHttpResult>> SetMarkup(string category, [FromBody] MarkupRequest? request, NegocioDbContext db,
        DepositoAgentClient deposito, ClaimsPrincipal user, TimeProvider time, CancellationToken ct)
    {
        var asked = Category.Create(category, "category").Name;
        var percent = request?.MarkupPercent ?? throw new DomainException("markupPercent", "Falta el recargo (porcentaje sobre el costo).");
        if (percent is < 0 or > Markups.MaxPercent) throw new DomainException("markupPercent", $"El recargo va de 0 a {Markups.MaxPercent} % (llegó {percent}).");
        if (decimal.Round(percent, 2) != percent) throw new DomainException("markupPercent", "El recargo admite hasta dos decimales.");
        // Only a category deposito has (as deposito spells it): a markup for a name that is no category would apply to nothing.
        var name = (await deposito.ListCategoriesAsync(ct)).FirstOrDefault(c => string.Equals(c.Name, asked, StringComparison.OrdinalIgnoreCase))?.Name;
        if (name is null) return FieldProblem.Of(StatusCodes.Status404NotFound, "Categoría inexistente.", "category", $"deposito no tiene la categoría «{asked}».");
        var pattern = DbErrors.EscapeLike(name);
        var row = await db.Markups.FirstOrDefaultAsync(m => EF.Functions.ILike(m.Category, pattern), ct);
        if (row is null) db.Markups.Add(row = new MarkupRow { Category = name, UpdatedBy = "" });
        row.MarkupPercent = percent;
        row.UpdatedBy = user.Identity?.Name ?? "?";
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CategoryMarkupDto(name, percent, false));
    }
}
