using System.Text.Json;
using Microsoft.Extensions.Options;
using MiniMarket.ServiceDefaults;
using StackExchange.Redis;

namespace MiniMarket.Agents.Ml.Training;

/// <summary>
/// Predictions in Redis for <see cref="MlOptions.PredictionCacheTtl"/>, keyed by model version so a promotion makes the
/// old ones unreachable at once. Hits and misses are counted; when Redis fails the prediction is computed and served
/// anyway (counted as a miss and as an <c>ml_errors_total{operation="cache"}</c>).
/// </summary>
public sealed partial class PredictionCache(IConnectionMultiplexer redis, RedisKeys keys, IOptions<MlOptions> options, ILogger<PredictionCache> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T> GetOrComputeAsync<T>(string key, Func<T> compute)
    {
        var redisKey = keys.For(Roles.Ml, "prediction", key);
        try
        {
            var cached = await redis.GetDatabase().StringGetAsync(redisKey);
            if (cached.HasValue && JsonSerializer.Deserialize<T>(cached.ToString(), Json) is { } value)
            {
                MlMetrics.CacheHits.Inc();
                return value;
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException or JsonException)
        {
            Failed(e);
        }
        MlMetrics.CacheMisses.Inc();
        var computed = compute();
        try
        {
            await redis.GetDatabase().StringSetAsync(redisKey, JsonSerializer.Serialize(computed, Json), options.Value.PredictionCacheTtl);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            Failed(e);
        }
        return computed;
    }

    private void Failed(Exception e)
    {
        MlMetrics.Errors.WithLabels("cache").Inc();
        LogCacheFailed(logger, e.Message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Caché de predicciones no disponible; se calcula sin caché: {Reason}")]
    private static partial void LogCacheFailed(ILogger logger, string reason);
}
