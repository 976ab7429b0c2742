using System.Globalization;

namespace MiniMarket.Testing;

/// <summary>
/// Debian's Caddy (2.6) running the repository's <c>proxy/Caddyfile</c> — the same file compose runs — on free loopback
/// ports, with its own CA (<c>tls internal</c>) and its data in a temporary folder, in front of a console on Kestrel.
/// </summary>
public sealed class CaddyProcess : ManagedProcess
{
    private CaddyProcess() : base("caddy")
    {
    }

    public int HttpPort { get; } = TestServers.FreePort();
    public int HttpsPort { get; } = TestServers.FreePort();

    /// <summary>The console as people open it: https://localhost:&lt;port&gt;/.</summary>
    public Uri HttpsUrl => new($"https://localhost:{HttpsPort}/");

    public Uri HttpUrl => new($"http://localhost:{HttpPort}/");

    /// <summary>The root certificate of Caddy's own CA, which signed the site's certificate.</summary>
    public string RootCertificatePath => Path.Combine(Folder, "data", "caddy", "pki", "authorities", "local", "root.crt");

    public static async Task<CaddyProcess> StartAsync(Uri console)
    {
        var caddy = new CaddyProcess();
        var environment = new Dictionary<string, string>
        {
            ["MINIMARKET_CADDY_ADMIN"] = "off",
            ["MINIMARKET_HTTP_PORT"] = caddy.HttpPort.ToString(CultureInfo.InvariantCulture),
            ["MINIMARKET_HTTPS_PORT"] = caddy.HttpsPort.ToString(CultureInfo.InvariantCulture),
            ["MINIMARKET_BIND"] = "127.0.0.1",
            ["MINIMARKET_CONSOLE_HOST"] = "localhost",
            ["MINIMARKET_GRAFANA_HOST"] = "grafana.localhost",
            ["MINIMARKET_TLS"] = "internal",
            ["MINIMARKET_CONSOLE_UPSTREAM"] = console.Authority,
            ["MINIMARKET_GRAFANA_UPSTREAM"] = "127.0.0.1:9",
            ["XDG_DATA_HOME"] = Path.Combine(caddy.Folder, "data"),
            ["XDG_CONFIG_HOME"] = Path.Combine(caddy.Folder, "config"),
            ["HOME"] = caddy.Folder,
        };
        await caddy.StartProcessAsync("caddy", ["run", "--config", Path.Combine(RepositoryPaths.Root, "proxy", "Caddyfile"), "--adapter", "caddyfile"],
            async () => File.Exists(caddy.RootCertificatePath) && await ListensAsync(caddy.HttpsPort), TimeSpan.FromSeconds(30), environment);
        return caddy;
    }
}
