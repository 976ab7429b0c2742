using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

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

    public static Task<CaddyProcess> StartAsync(Uri console) => StartAsync("Caddyfile", caddy => new Dictionary<string, string>
    {
        ["MINIMARKET_CONSOLE_HOST"] = "localhost",
        ["MINIMARKET_GRAFANA_HOST"] = "grafana.localhost",
        ["MINIMARKET_CONSOLE_UPSTREAM"] = console.Authority,
        ["MINIMARKET_GRAFANA_UPSTREAM"] = "127.0.0.1:9",
    });

    /// <summary>
    /// The chain's gateway (<c>proxy/Caddyfile.central</c>, as compose.central.yaml runs it) on free loopback ports, at
    /// https://localhost:&lt;port&gt;/, with the users file and the upstreams the test gives (<c>MINIMARKET_*_UPSTREAM(S)</c>).
    /// </summary>
    public static Task<CaddyProcess> StartCentralAsync(string usersFile, IReadOnlyDictionary<string, string> upstreams) =>
        StartAsync("Caddyfile.central", caddy => new Dictionary<string, string>(upstreams)
        {
            ["MINIMARKET_GATEWAY_INTERNAL_PORT"] = caddy.InternalPort.ToString(CultureInfo.InvariantCulture),
            ["MINIMARKET_CENTRAL_HOST"] = "localhost",
            ["MINIMARKET_CENTRAL_GRAFANA_HOST"] = "grafana.localhost",
            ["MINIMARKET_CENTRAL_USERS"] = usersFile,
        });

    /// <summary>
    /// Runs proxy/<paramref name="caddyfile"/> with what every test run shares (free loopback ports, no admin API, Caddy's
    /// own CA, its data in the process' folder) plus the file's own variables, and waits for its certificate and port.
    /// </summary>
    private static async Task<CaddyProcess> StartAsync(string caddyfile, Func<CaddyProcess, Dictionary<string, string>> variables)
    {
        var caddy = new CaddyProcess();
        var environment = variables(caddy);
        environment["MINIMARKET_CADDY_ADMIN"] = "off";
        environment["MINIMARKET_HTTP_PORT"] = caddy.HttpPort.ToString(CultureInfo.InvariantCulture);
        environment["MINIMARKET_HTTPS_PORT"] = caddy.HttpsPort.ToString(CultureInfo.InvariantCulture);
        environment["MINIMARKET_BIND"] = "127.0.0.1";
        environment["MINIMARKET_TLS"] = "internal";
        environment["XDG_DATA_HOME"] = Path.Combine(caddy.Folder, "data");
        environment["XDG_CONFIG_HOME"] = Path.Combine(caddy.Folder, "config");
        environment["HOME"] = caddy.Folder;
        await caddy.StartProcessAsync("caddy", ["run", "--config", Path.Combine(RepositoryPaths.Root, "proxy", caddyfile), "--adapter", "caddyfile"],
            async () => File.Exists(caddy.RootCertificatePath) && await ListensAsync(caddy.HttpsPort), TimeSpan.FromSeconds(30), environment);
        return caddy;
    }

    /// <summary>The central gateway's listener for the compose network only (plain HTTP, no authentication).</summary>
    public int InternalPort { get; } = TestServers.FreePort();

    /// <summary>
    /// An HTTPS client that trusts this Caddy's CA only (not the machine's store) and follows no redirect: the host name
    /// must match, and the chain is built again against Caddy's root alone, with the intermediate it sent.
    /// </summary>
    public HttpClient TrustingClient()
    {
        var root = X509CertificateLoader.LoadCertificateFromFile(RootCertificatePath);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, sent, errors) =>
                {
                    if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(root);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    if (sent is not null) foreach (var element in sent.ChainElements) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                    return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }
}
