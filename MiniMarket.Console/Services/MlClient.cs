using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Services;

/// <summary>The ml agent's API, with the signed-in user's identity (or the job's ambient user).</summary>
public interface IMlClient
{
    Task<AgentResult<TrainingReportDto>> RetrainAsync(CancellationToken cancellationToken = default);
    Task<AgentResult<ModelsDto>> ListModelsAsync(CancellationToken cancellationToken = default);
    Task<AgentResult<InflationDto>> GetInflationAsync(CancellationToken cancellationToken = default);
    Task<AgentResult<DemandForecastDto>> GetDemandForecastAsync(int productId, int horizonDays, CancellationToken cancellationToken = default);

    /// <summary><c>GET /api/v1/forecasts/price/{productId}?date=</c>: the price model's expected purchase unit cost on a date (today when null).</summary>
    Task<AgentResult<PriceForecastDto>> GetPriceForecastAsync(int productId, DateOnly? date = null, CancellationToken cancellationToken = default);
}

public sealed class MlClient(IHttpClientFactory clients) : IMlClient
{
    private async Task<AgentResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var http = clients.CreateClient(AgentClients.NameOf(Roles.Ml));
        using (request) return await AgentCalls.SendAsync<T>(http, request, Roles.Ml, cancellationToken);
    }

    public Task<AgentResult<TrainingReportDto>> RetrainAsync(CancellationToken cancellationToken = default) =>
        SendAsync<TrainingReportDto>(new HttpRequestMessage(HttpMethod.Post, "api/v1/models/retrain"), cancellationToken);

    public Task<AgentResult<ModelsDto>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<ModelsDto>(new HttpRequestMessage(HttpMethod.Get, "api/v1/models"), cancellationToken);

    public Task<AgentResult<InflationDto>> GetInflationAsync(CancellationToken cancellationToken = default) =>
        SendAsync<InflationDto>(new HttpRequestMessage(HttpMethod.Get, "api/v1/inflation"), cancellationToken);

    public Task<AgentResult<DemandForecastDto>> GetDemandForecastAsync(int productId, int horizonDays, CancellationToken cancellationToken = default) =>
        SendAsync<DemandForecastDto>(new HttpRequestMessage(HttpMethod.Get, $"api/v1/forecasts/demand/{productId}?horizon={horizonDays}"), cancellationToken);

    public Task<AgentResult<PriceForecastDto>> GetPriceForecastAsync(int productId, DateOnly? date = null, CancellationToken cancellationToken = default) =>
        SendAsync<PriceForecastDto>(new HttpRequestMessage(HttpMethod.Get, $"api/v1/forecasts/price/{productId}"
            + (date is { } d ? "?date=" + d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "")), cancellationToken);
}
