using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MiniMarket.ServiceDefaults;

/// <summary>
/// The reverse proxy in front (section <c>ReverseProxy</c>): whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> a
/// service believes. Only those of a known proxy — loopback always (ASP.NET Core's default), plus the addresses and networks
/// listed here (compose: the network Caddy shares with the console) — so that behind TLS the request is seen as HTTPS (the
/// sign-in cookie is <c>Secure</c>, redirects and links are <c>https://</c>) and the client's address is the real one, while
/// anyone else sending those headers is ignored.
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ReverseProxy";

    /// <summary>Proxy addresses (<c>10.0.0.5</c>, <c>fd00::5</c>).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation (<c>172.31.240.0/24</c>).</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

public sealed class ReverseProxyOptionsValidator : IValidateOptions<ReverseProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ReverseProxyOptions options)
    {
        var failures = options.KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => $"ReverseProxy:KnownProxies: '{p}' is not an IP address")
            .Concat(options.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _))
                .Select(n => $"ReverseProxy:KnownNetworks: '{n}' is not a network in CIDR notation (e.g. 172.31.240.0/24)"))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

public static class ReverseProxy
{
    public static void AddMiniMarketReverseProxy(this IServiceCollection services)
    {
        services.AddOptions<ReverseProxyOptions>().BindConfiguration(ReverseProxyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReverseProxyOptions>, ReverseProxyOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // One proxy: the last address in X-Forwarded-For is the one it saw; anything before it the client wrote.
            forwarded.ForwardLimit = 1;
            foreach (var address in proxy.Value.KnownProxies)
            {
                if (IPAddress.TryParse(address, out var ip)) forwarded.KnownProxies.Add(ip);
            }
            foreach (var network in proxy.Value.KnownNetworks)
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed)) forwarded.KnownIPNetworks.Add(parsed);
            }
        });
    }
}
