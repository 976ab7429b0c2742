using Microsoft.Extensions.Configuration;

namespace MiniMarket.ServiceDefaults;

/// <summary>
/// Every Redis key is built here: <c>{prefix}:{agent}:{parts…}</c>, prefix <c>minimarket</c> unless
/// <c>Redis:KeyPrefix</c> says otherwise (tests give each database its own, so they never see each other's keys).
/// </summary>
public sealed class RedisKeys(IConfiguration configuration)
{
    private readonly string _prefix = configuration["Redis:KeyPrefix"] is { Length: > 0 } prefix ? prefix : "minimarket";

    public string For(string agent, params string[] parts) => $"{_prefix}:{agent}:{string.Join(':', parts)}";
}
