using System.Globalization;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Agents.Negocio;

/// <summary>ml's demand forecasts and measured inflation, as negocio uses them (quick reads, retried).</summary>
public sealed class MlAgentClient(HttpClient http)
{
    private const string Target = DependencyCalls.Ml;

    public async Task<DemandForecastListDto> GetDemandForecastsAsync(DateOnly from, int horizonDays, CancellationToken ct) =>
        (await DependencyCalls.SendAsync<DemandForecastListDto>(http, Target,
            new HttpRequestMessage(HttpMethod.Get, $"api/v1/forecasts/demand?horizon={horizonDays}&from={from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"), ct))!;

    public async Task<InflationDto> GetInflationAsync(CancellationToken ct) =>
        (await DependencyCalls.SendAsync<InflationDto>(http, Target, new HttpRequestMessage(HttpMethod.Get, "api/v1/inflation"), ct))!;
}
