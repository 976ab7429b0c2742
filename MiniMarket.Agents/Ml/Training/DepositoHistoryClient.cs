using System.Globalization;
using System.Net.Http.Json;
using MiniMarket.Agents.Ml.Forecasting;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Ml.Training;

/// <summary>deposito could not give the history (down, refused, timed out): training and inflation wait for the next round.</summary>
public sealed class HistoryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads the training data from deposito's API with a service token: daily units sold (its <c>salida</c> movements with
/// reason <c>venta</c>) and daily purchase prices (its <c>entrada</c> movements' unit prices).
/// </summary>
public sealed class DepositoHistoryClient(HttpClient http)
{
    public async Task<IReadOnlyList<DailySales>> GetSalesAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var history = await GetAsync<SalesHistoryDto>($"api/v1/stock/history/sales?from={Day(from)}&to={Day(to)}", cancellationToken);
        return history.Days.Select(d => new DailySales(d.ProductId, d.Day, d.Units)).ToList();
    }

    public async Task<IReadOnlyList<PurchasePrice>> GetPurchasesAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var history = await GetAsync<PurchaseHistoryDto>($"api/v1/stock/history/purchases?from={Day(from)}&to={Day(to)}", cancellationToken);
        return history.Days.Select(d => new PurchasePrice(d.ProductId, d.Day, d.UnitPrice, d.Quantity)).ToList();
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new HistoryUnavailableException($"deposito respondió {(int)response.StatusCode} a {path}.");
            return await response.Content.ReadFromJsonAsync<T>(cancellationToken) ?? throw new HistoryUnavailableException($"deposito respondió vacío a {path}.");
        }
        catch (Exception e) when ((CallFailures.IsUnavailable(e) || e is System.Text.Json.JsonException) && !cancellationToken.IsCancellationRequested)
        {
            throw new HistoryUnavailableException($"No se pudo leer {path} de deposito: {e.Message}", e);
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
