using System.Text.Json;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;
using StackExchange.Redis;

namespace MiniMarket.Agents.Deposito;

/// <summary>
/// Product reads through Redis: the product as JSON under its id, code and barcode keys, with a short TTL, removed on
/// every write of that product. Redis is only a cache: when it fails, reads go to PostgreSQL, the failure is logged
/// once (and once more when it recovers), counted, and shown by <c>deposito_cache_up</c> and the health check.
/// </summary>
public sealed partial class ProductCache(IConnectionMultiplexer redis, RedisKeys keys, Microsoft.Extensions.Options.IOptions<DepositoOptions> options, ILogger<ProductCache> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TimeSpan _ttl = options.Value.ProductCacheTtl;
    private int _down;

    // Writes made while Redis was unreachable could not invalidate their keys; after an outage the cache starts a new
    // generation of keys so that nothing cached before it is ever read again (the old keys expire by their TTL).
    private int _generation;

    public static string ById(int id) => "id:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    public static string ByCode(string code) => "code:" + code;
    public static string ByBarcode(string barcode) => "ean:" + barcode;

    private RedisKey Key(string lookup) =>
        keys.For(Roles.Deposito, "product", "g" + Volatile.Read(ref _generation).ToString(System.Globalization.CultureInfo.InvariantCulture), lookup);

    /// <summary>
    /// Each lookup has a version key, raised by every invalidation. A read that misses notes the version; its copy
    /// from PostgreSQL is stored only if no write invalidated the lookup in between (otherwise a slow read could put
    /// back a stock figure that a sale had just changed, for a whole TTL).
    /// </summary>
    private RedisKey VersionKey(string lookup) => keys.For(Roles.Deposito, "product-version", lookup);

    /// <summary>What a look-up found: the product, or a miss with the version to store a fresh copy under.</summary>
    public readonly record struct Lookup(ProductDto? Product, RedisValue Version, bool Usable);

    /// <summary>The cached product (one round trip with its version), or a miss; never fails when Redis cannot answer.</summary>
    public async Task<Lookup> GetAsync(string lookup)
    {
        if (!redis.IsConnected)
        {
            Failed(null);
            DepositoMetrics.CacheRequests.WithLabels("error").Inc();
            return new Lookup(null, RedisValue.Null, false);
        }
        Recovered();
        try
        {
            var values = await redis.GetDatabase().StringGetAsync([Key(lookup), VersionKey(lookup)]);
            DepositoMetrics.CacheRequests.WithLabels(values[0].HasValue ? "hit" : "miss").Inc();
            return values[0].HasValue
                ? new Lookup(JsonSerializer.Deserialize<ProductDto>(values[0].ToString(), Json), values[1], true)
                : new Lookup(null, values[1], true);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Failed(ex);
            DepositoMetrics.CacheRequests.WithLabels("error").Inc();
            return new Lookup(null, RedisValue.Null, false);
        }
    }

    /// <summary>Stores the product under the lookup that missed, unless an invalidation raised its version meanwhile.</summary>
    public Task SetAsync(string lookup, ProductDto product, Lookup miss)
    {
        if (!miss.Usable) return Task.CompletedTask;
        var json = JsonSerializer.Serialize(product, Json);
        return RunAsync(async db =>
        {
            var transaction = db.CreateTransaction();
            transaction.AddCondition(miss.Version.IsNull ? Condition.KeyNotExists(VersionKey(lookup)) : Condition.StringEqual(VersionKey(lookup), miss.Version));
            _ = transaction.StringSetAsync(Key(lookup), json, _ttl);
            await transaction.ExecuteAsync();
        });
    }

    /// <summary>Removes every key of the product as it was and as it is now (a barcode may have changed).</summary>
    public Task InvalidateAsync(params ProductDto?[] versions) =>
        InvalidateLookupsAsync(versions.OfType<ProductDto>().SelectMany(Lookups));

    private Task InvalidateLookupsAsync(IEnumerable<string> lookups)
    {
        var distinct = lookups.Distinct().ToList();
        var redisKeys = new RedisKey[distinct.Count * 2];
        for (var i = 0; i < distinct.Count; i++)
        {
            redisKeys[2 * i] = Key(distinct[i]);
            redisKeys[2 * i + 1] = VersionKey(distinct[i]);
        }
        // One command (EVALSHA once Redis knows the script) instead of a DEL and an INCR and an EXPIRE per lookup: a stock
        // movement invalidates three lookups, and the seven commands it sent were as much of deposito's CPU per movement
        // as its PostgreSQL statement (perf, README "Benchmarks"). Atomic too. One Redis, not a cluster: the keys of a
        // product share no hash slot.
        return RunAsync(db => db.ScriptEvaluateAsync(InvalidateScript, redisKeys, [(long)VersionLifetime.TotalSeconds]));
    }

    /// <summary>KEYS are pairs (cached product, its lookup's version): the product removed, the version raised and kept alive.</summary>
    private const string InvalidateScript = """
        for i = 1, #KEYS, 2 do
          redis.call('DEL', KEYS[i])
          redis.call('INCR', KEYS[i + 1])
          redis.call('EXPIRE', KEYS[i + 1], ARGV[1])
        end
        return #KEYS / 2
        """;

    /// <summary>Long enough to outlive any read in flight; a version that expired only makes a reader skip one store.</summary>
    private static readonly TimeSpan VersionLifetime = TimeSpan.FromHours(1);

    /// <summary>Forgets every cached product at once (a category rename changes them all): a new key generation.</summary>
    public void ForgetAll() => Interlocked.Increment(ref _generation);

    /// <summary>Removes the keys of products whose stock changed.</summary>
    public Task InvalidateAsync(IReadOnlyList<(int Id, string Code, string? Barcode)> products) =>
        InvalidateLookupsAsync(products.SelectMany(p => Lookups(p.Id, p.Code, p.Barcode)));

    private static IEnumerable<string> Lookups(ProductDto product) => Lookups(product.Id, product.Code, product.Barcode);

    private static IEnumerable<string> Lookups(int id, string code, string? barcode)
    {
        yield return ById(id);
        yield return ByCode(code);
        if (barcode is not null) yield return ByBarcode(barcode);
    }

    private async Task RunAsync(Func<IDatabase, Task> operation)
    {
        if (!redis.IsConnected)
        {
            Failed(null);
            return;
        }
        Recovered();
        try
        {
            await operation(redis.GetDatabase());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Failed(ex);
        }
    }

    private void Failed(Exception? ex)
    {
        DepositoMetrics.CacheUp.Set(0);
        if (Interlocked.Exchange(ref _down, 1) == 0) LogCacheDown(logger, ex);
    }

    /// <summary>Called before each operation once Redis is connected: ends an outage by starting a new key generation.</summary>
    private void Recovered()
    {
        DepositoMetrics.CacheUp.Set(1);
        if (Interlocked.Exchange(ref _down, 0) == 1)
        {
            Interlocked.Increment(ref _generation);
            LogCacheUp(logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is not answering: serving products from PostgreSQL without cache until it recovers")]
    private static partial void LogCacheDown(ILogger logger, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again: product cache back in use")]
    private static partial void LogCacheUp(ILogger logger);
}
