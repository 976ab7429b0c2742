using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniMarket.Agents.Ml.Forecasting;
using MiniMarket.Agents.Ml.Training;
using MiniMarket.Core.Contracts;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Ml;

/// <summary>Demand forecasts (per product and for all) and expected purchase costs, served from the promoted models through the cache.</summary>
public static class ForecastApi
{
    public static IEndpointRouteBuilder MapForecastApi(this IEndpointRouteBuilder endpoints)
    {
        var forecasts = endpoints.MapGroup("/api/v1/forecasts").WithTags("forecasts").RequireAuthorization(MlAgent.ReadPolicy);
        forecasts.MapGet("/demand/{productId:int}", GetDemand);
        forecasts.MapGet("/demand", ListDemand);
        forecasts.MapGet("/price/{productId:int}", GetPrice);
        return endpoints;
    }

    /// <summary><c>GET /api/v1/forecasts/demand/12?horizon=7&amp;from=2026-11-29</c>: 404 unknown product, 422 too little history, 503 no model yet.</summary>
    public static async Task<Results<Ok<DemandForecastDto>, ProblemHttpResult>> GetDemand(
        int productId, int? horizon, DateOnly? from, ModelRegistry registry, PredictionCache cache, TimeProvider time)
    {
        if (registry.CurrentDemand is not { } demand) return NoModel(ModelRegistry.Demand);
        var (days, start) = Validate(horizon, from, demand.Model, time);
        try
        {
            var forecast = await cache.GetOrComputeAsync($"demand:v{demand.Version}:{productId}:{Day(start)}:{days}:{Day(demand.Model.AsOf)}",
                () => ToDto(demand.Model.Forecast(productId, start, days), demand.Version));
            MlMetrics.Predictions.WithLabels(ModelRegistry.Demand).Inc();
            return TypedResults.Ok(forecast);
        }
        catch (ForecastUnavailableException e)
        {
            return Unavailable(e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new DomainException("from", "La fecha de inicio está fuera de la historia del producto: " + e.Message);
        }
    }

    /// <summary><c>GET /api/v1/forecasts/demand?horizon=1</c>: every product the model knows, and those it cannot forecast with the reason.</summary>
    public static Results<Ok<DemandForecastListDto>, ProblemHttpResult> ListDemand(int? horizon, DateOnly? from, ModelRegistry registry, TimeProvider time)
    {
        if (registry.CurrentDemand is not { } demand) return NoModel(ModelRegistry.Demand);
        var (days, start) = Validate(horizon, from, demand.Model, time);
        var forecasts = new List<DemandForecastDto>();
        var gaps = new List<ForecastGapDto>();
        foreach (var productId in demand.Model.ProductIds.Order())
        {
            try
            {
                forecasts.Add(ToDto(demand.Model.Forecast(productId, start, days), demand.Version));
            }
            catch (ForecastUnavailableException e)
            {
                gaps.Add(new ForecastGapDto(productId, Reason(e), Message(e)));
            }
            catch (ArgumentOutOfRangeException e)
            {
                gaps.Add(new ForecastGapDto(productId, "fuera_de_rango", e.Message));
            }
        }
        MlMetrics.Predictions.WithLabels(ModelRegistry.Demand).Inc(forecasts.Count);
        return TypedResults.Ok(new DemandForecastListDto(start, days, demand.Version, forecasts, gaps));
    }

    /// <summary><c>GET /api/v1/forecasts/price/12?date=2026-12-15</c>: expected purchase unit cost that day.</summary>
    public static async Task<Results<Ok<PriceForecastDto>, ProblemHttpResult>> GetPrice(int productId, DateOnly? date, ModelRegistry registry, PredictionCache cache, TimeProvider time)
    {
        if (registry.CurrentPrice is not { } price) return NoModel(ModelRegistry.Price);
        var at = DateInput.Check(date, "date", BuenosAiresTime.Today(time)) ?? BuenosAiresTime.Today(time);
        if (Math.Abs(at.DayNumber - BuenosAiresTime.Today(time).DayNumber) > 366) throw new DomainException("date", "La fecha debe estar a menos de un año de hoy.");
        try
        {
            var result = await cache.GetOrComputeAsync($"price:v{price.Version}:{productId}:{Day(at)}", () =>
            {
                var p = price.Predictor.Predict(price.History, productId, at);
                return new PriceForecastDto(p.ProductId, p.At, Math.Round(p.ExpectedUnitPrice, 2), p.Method == PriceMethod.Trend ? "tendencia" : "inflacion",
                    Math.Round(p.MonthlyTrendPercent, 2), p.PurchasesUsed, p.LastPurchaseDay, p.LastUnitPrice, at.DayNumber - p.LastPurchaseDay.DayNumber, price.Version);
            });
            MlMetrics.Predictions.WithLabels(ModelRegistry.Price).Inc();
            return TypedResults.Ok(result);
        }
        catch (ForecastUnavailableException e)
        {
            return Unavailable(e);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new DomainException("date", "La fecha está demasiado lejos de la última compra del producto para estimar su costo.");
        }
    }

    private static (int Days, DateOnly From) Validate(int? horizon, DateOnly? from, TrainedDemandModel model, TimeProvider time)
    {
        var days = horizon ?? 7;
        if (days is < 1 or > DemandTrainingOptions.MaxHorizonDays)
            throw new DomainException("horizon", $"El horizonte va de 1 a {DemandTrainingOptions.MaxHorizonDays} días (habituales: 1, 3, 7, 14, 30).");
        var start = DateInput.Check(from, "from", BuenosAiresTime.Today(time)) ?? BuenosAiresTime.Today(time);
        if (start < model.AsOf.AddDays(-60) || start > model.AsOf.AddDays(TrainedDemandModel.MaxDaysAfterAsOf))
            throw new DomainException("from", $"El pronóstico puede empezar entre {Day(model.AsOf.AddDays(-60))} y {Day(model.AsOf.AddDays(TrainedDemandModel.MaxDaysAfterAsOf))}.");
        return (days, start);
    }

    private static DemandForecastDto ToDto(DemandForecast f, int version) =>
        new(f.ProductId, f.From, f.HorizonDays, Math.Round(f.Expected, 2), Math.Round(f.P10, 2), Math.Round(f.P90, 2),
            f.Days.Select(d => new DailyDemandDto(d.Day, Math.Round(d.Expected, 2), Math.Round(d.CumulativeExpected, 2), Math.Round(d.CumulativeP10, 2),
            Math.Round(d.CumulativeP90, 2))).ToList(), version);

    private static string Reason(ForecastUnavailableException e) => e.Reason == ForecastUnavailableReason.UnknownProduct ? "producto_sin_historia" : "historia_insuficiente";

    private static string Message(ForecastUnavailableException e) => e.Reason == ForecastUnavailableReason.UnknownProduct
        ? $"El producto {e.ProductId} no tiene ventas ni compras registradas."
        : $"El producto {e.ProductId} tiene {e.HistoryDays} días de historia; el modelo necesita al menos {e.RequiredDays}.";

    private static ProblemHttpResult Unavailable(ForecastUnavailableException e) => e.Reason == ForecastUnavailableReason.UnknownProduct
        ? FieldProblem.Of(StatusCodes.Status404NotFound, "Producto sin historia.", "productId", Message(e), [new("reason", Reason(e))])
        : FieldProblem.Of(StatusCodes.Status422UnprocessableEntity, "Historia insuficiente.", "productId", Message(e), [new("reason", Reason(e))]);

    private static ProblemHttpResult NoModel(string kind) => TypedResults.Problem(
        $"Todavía no hay un modelo de {(kind == ModelRegistry.Demand ? "demanda" : "precios")} entrenado: se entrena al iniciar y con POST /api/v1/models/retrain.",
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "Modelo no disponible.");

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
