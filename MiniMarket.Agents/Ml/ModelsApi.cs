using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MiniMarket.Agents.Ml.Forecasting;
using MiniMarket.Agents.Ml.Training;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Ml;

/// <summary>Model versions and quality, retraining on demand, and the store's measured inflation.</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/models", List).WithTags("models").RequireAuthorization(MlAgent.ReadPolicy);
        endpoints.MapPost("/api/v1/models/retrain", Retrain).WithTags("models").RequireAuthorization(MlAgent.TrainPolicy)
            .WithRequestTimeout(HttpDefaults.LongRequests);
        endpoints.MapGet("/api/v1/inflation", GetInflation).WithTags("inflation").RequireAuthorization(MlAgent.ReadPolicy);
        return endpoints;
    }

    /// <summary>
    /// <c>GET /api/v1/models</c>: every version, newest first, which one is in service, why each was or was not promoted (with
    /// the accuracy of the model it was compared with on the same weeks), and the current drift of the demand model.
    /// </summary>
    public static async Task<Ok<ModelsDto>> List(MlDbContext db, ModelRegistry registry, MlObservations observations, CancellationToken cancellationToken)
    {
        var rows = await db.ModelVersions.AsNoTracking().OrderBy(m => m.Kind).ThenByDescending(m => m.Version).Take(200).ToListAsync(cancellationToken);
        var current = new Dictionary<string, int?>
        {
            [ModelRegistry.Demand] = registry.CurrentDemand?.Version,
            [ModelRegistry.Price] = registry.CurrentPrice?.Version,
        };
        var versions = rows.Select(m =>
        {
            var verdict = Verdict(m.EvaluationJson);
            return new ModelVersionDto(m.Kind, m.Version, m.TrainedAt, m.PromotedAt, current.GetValueOrDefault(m.Kind) == m.Version,
                (double?)m.AccuracyPercent, m.TrainingRows, verdict?.Reason, verdict?.CurrentAccuracyPercent, verdict?.CurrentVersion,
                verdict?.Decision, verdict?.HistoryRows);
        }).ToList();
        var drift = observations.DemandDrift is { } reading && reading.ModelVersion == registry.CurrentDemand?.Version ? reading : null;
        return TypedResults.Ok(new ModelsDto(versions, drift?.Psi, drift?.MeasuredAt, drift?.ModelVersion));
    }

    /// <summary>The verdict stored with a version; versions trained before verdicts were stored have none (only a reason, or nothing).</summary>
    private static VersionVerdict? Verdict(string? evaluationJson)
    {
        if (evaluationJson is null) return null;
        using var document = JsonDocument.Parse(evaluationJson);
        var root = document.RootElement;
        if (root.TryGetProperty("verdict", out var verdict)) return verdict.Deserialize<VersionVerdict>(JsonSerializerOptions.Web);
        return root.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String
            ? new VersionVerdict(null, null, null, reason.GetString()!, null)
            : null;
    }

    /// <summary><c>POST /api/v1/models/retrain</c> (admin): trains both models now; 409 while another training runs, 503 if deposito can't be read.</summary>
    public static async Task<Results<Ok<TrainingReportDto>, ProblemHttpResult>> Retrain(ModelTrainer trainer, HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await trainer.TrainAsync("a pedido", cancellationToken));
        }
        catch (TrainingBusyException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Entrenamiento en curso.");
        }
        catch (HistoryUnavailableException e)
        {
            http.Response.Headers.RetryAfter = "30";
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "No se pudo leer la historia de deposito.");
        }
        catch (InsufficientSalesHistoryException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Historia de ventas insuficiente para entrenar.");
        }
    }

    /// <summary><c>GET /api/v1/inflation</c>: the last measurement, or a fresh one when none was made yet.</summary>
    public static async Task<Results<Ok<InflationDto>, ProblemHttpResult>> GetInflation(
        MlObservations observations, DepositoHistoryClient deposito, IOptions<MlOptions> options, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        if (observations.Inflation is { } measured) return TypedResults.Ok(measured);
        var today = BuenosAiresTime.Today(time);
        var from = today.AddDays(-options.Value.HistoryDays);
        try
        {
            var purchases = await deposito.GetPurchasesAsync(from, today, cancellationToken);
            observations.Inflation = MlScheduler.Inflation(purchases, from, today, options.Value.BaselineMonthlyInflationPercent);
            return TypedResults.Ok(observations.Inflation);
        }
        catch (HistoryUnavailableException e)
        {
            MlMetrics.Errors.WithLabels("inflation").Inc();
            http.Response.Headers.RetryAfter = "30";
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "No se pudo leer la historia de compras.");
        }
    }
}
