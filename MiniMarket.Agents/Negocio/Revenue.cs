using Microsoft.AspNetCore.Http.HttpResults;
using MiniMarket.Agents.Negocio.Invoices;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Negocio;

/// <summary>
/// Revenue from deposito's sales (<c>salida</c> movements with reason <c>venta</c>), valued at each product's current sale
/// price (the till does not record the price of each sale), and today's projection from ml's demand forecast.
/// </summary>
public sealed class Revenue(DepositoAgentClient deposito, MlAgentClient ml, ProductCatalog catalog, TimeProvider time)
{
    public const int MaxDays = 400;
    public const string Valuation = "unidades vendidas × precio de venta actual de cada producto";

    public async Task<RevenueHistoryDto> DailyAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var sales = await deposito.GetSalesAsync(from, to, ct);
        var prices = (await catalog.GetAsync(ct)).ToDictionary(p => p.Id, p => p.SalePrice);
        var days = sales.Days.GroupBy(d => d.Day).ToDictionary(g => g.Key, g => (
            Revenue: g.Sum(d => d.Units * prices.GetValueOrDefault(d.ProductId)), Units: g.Sum(d => d.Units)));
        var result = new List<DailyRevenueDto>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var (revenue, units) = days.GetValueOrDefault(day);
            result.Add(new DailyRevenueDto(day, Math.Round(revenue, 2), units));
        }
        return new RevenueHistoryDto(from, to, result, Valuation);
    }

    /// <summary>Today so far, and the whole day as ml forecasts it; when ml cannot, the projection is unknown (null), never 0.</summary>
    public async Task<RevenueTodayDto> TodayAsync(CancellationToken ct)
    {
        var today = BuenosAiresTime.Today(time);
        var real = (await DailyAsync(today, today, ct)).Days[0];
        var prices = (await catalog.GetAsync(ct)).ToDictionary(p => p.Id, p => p.SalePrice);
        try
        {
            var forecasts = await ml.GetDemandForecastsAsync(today, 1, ct);
            var known = forecasts.Forecasts.Where(f => prices.ContainsKey(f.ProductId) && double.IsFinite(f.Expected) && f.Expected >= 0).ToList();
            if (known.Count == 0)
                return new RevenueTodayDto(today, real.RevenueArs, real.Units, null, "desconocido", "ml no tiene pronósticos para los productos activos.", 0, prices.Count);
            var projected = known.Sum(f => (decimal)f.Expected * prices[f.ProductId]);
            var missing = prices.Count - known.Count;
            return new RevenueTodayDto(today, real.RevenueArs, real.Units, Math.Round(projected, 2), missing == 0 ? "ok" : "parcial",
                missing == 0 ? $"Modelo de demanda v{forecasts.ModelVersion}." : $"Modelo de demanda v{forecasts.ModelVersion}; {missing} producto(s) sin pronóstico no suman a la proyección.",
                known.Count, missing);
        }
        catch (Exception e) when (e is DependencyUnavailableException or DependencyRefusedException)
        {
            return new RevenueTodayDto(today, real.RevenueArs, real.Units, null, "desconocido", "ml no puede pronosticar ahora: " + e.Message, 0, prices.Count);
        }
    }
}

public static class RevenueApi
{
    public static IEndpointRouteBuilder MapRevenueApi(this IEndpointRouteBuilder endpoints)
    {
        var revenue = endpoints.MapGroup("/api/v1/revenue").WithTags("revenue");
        revenue.MapGet("/today", async (Revenue r, CancellationToken ct) => TypedResults.Ok(await r.TodayAsync(ct))).RequireAuthorization(NegocioAgent.ReadPolicy);
        revenue.MapGet("/daily", Daily).RequireAuthorization(NegocioAgent.ReadPolicy);
        return endpoints;
    }

    /// <summary><c>GET /api/v1/revenue/daily?from=2026-11-01&amp;to=2026-11-29</c> (default: the last 30 days), every day listed.</summary>
    public static async Task<Ok<RevenueHistoryDto>> Daily(DateOnly? from, DateOnly? to, Revenue revenue, TimeProvider time, CancellationToken ct)
    {
        var today = BuenosAiresTime.Today(time);
        var last = DateInput.Check(to, "to", today) ?? today;
        var first = DateInput.Check(from, "from", today) ?? DateOnly.FromDayNumber(Math.Max(DateInput.Earliest.DayNumber, last.DayNumber - 29));
        if (first > last) throw new DomainException("from", "La fecha inicial es posterior a la final.");
        if (last.DayNumber - first.DayNumber >= Revenue.MaxDays) throw new DomainException("to", $"Hasta {Revenue.MaxDays} días por consulta.");
        return TypedResults.Ok(await revenue.DailyAsync(first, last, ct));
    }
}
