using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// The chain's gateway (proxy/Caddyfile.central) with Debian's Caddy 2.6, its own CA and stand-ins for Mimir, Loki and the
/// Alertmanager pair that record what reaches them: a store pushes with its own password and nothing passes without one,
/// each path reaches its upstream, the Alertmanager API loses its prefix, anything else is 404, HTTP goes to HTTPS.
/// </summary>
public sealed class CentralGatewayTests : IAsyncLifetime
{
    private readonly Upstream _mimir = new("mimir"), _loki = new("loki"), _alertmanager = new("alertmanager");
    private readonly string _users = Path.Combine(Directory.CreateTempSubdirectory("mm-gateway-").FullName, "stores.caddy");
    private CaddyProcess? _caddy;

    private CaddyProcess Caddy => _caddy!;

    public async Task InitializeAsync()
    {
        // One line per store and one for the console, as secrets/README.md says to write them (caddy hash-password).
        var lines = new List<string>();
        foreach (var (user, password) in new[] { ("palermo", "clave-palermo"), ("quilmes", "clave-quilmes"), ("consola", "clave-consola") })
        {
            var (exit, hash) = await ProcessRunner.RunAsync("caddy", ["hash-password", "--plaintext", password], timeout: TimeSpan.FromSeconds(60));
            Assert.True(exit == 0, hash);
            lines.Add($"{user} {hash.Trim().Split('\n').Last().Trim()}");
        }
        await File.WriteAllLinesAsync(_users, lines);
        _caddy = await CaddyProcess.StartCentralAsync(_users, new Dictionary<string, string>
        {
            ["MINIMARKET_MIMIR_UPSTREAMS"] = _mimir.Authority,
            ["MINIMARKET_LOKI_UPSTREAM"] = _loki.Authority,
            ["MINIMARKET_ALERTMANAGER_UPSTREAMS"] = _alertmanager.Authority,
        });
    }

    public async Task DisposeAsync()
    {
        if (_caddy is not null) await _caddy.DisposeAsync();
        foreach (var upstream in new[] { _mimir, _loki, _alertmanager }) upstream.Dispose();
        Directory.Delete(Path.GetDirectoryName(_users)!, recursive: true);
    }

    [Fact]
    public async Task AStore_PushesWithItsOwnPassword_AndNothingPassesWithoutOne()
    {
        using var https = TrustingCaddy();

        Assert.Equal(HttpStatusCode.Unauthorized, (await https.SendAsync(Push(null))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await https.SendAsync(Push(("palermo", "clave-quilmes")))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await https.SendAsync(Push(("tigre", "clave-palermo")))).StatusCode);
        Assert.Empty(_mimir.Requests);

        Assert.Equal(HttpStatusCode.NoContent, (await https.SendAsync(Push(("palermo", "clave-palermo")))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await https.SendAsync(Push(("quilmes", "clave-quilmes")))).StatusCode);
        Assert.Equal(["POST /api/v1/push", "POST /api/v1/push"], _mimir.Requests);
    }

    [Theory]
    [InlineData("POST", "/api/v1/push", "mimir", "/api/v1/push")]
    [InlineData("GET", "/prometheus/api/v1/query?query=up", "mimir", "/prometheus/api/v1/query?query=up")]
    [InlineData("POST", "/otlp/v1/logs", "loki", "/otlp/v1/logs")]
    [InlineData("GET", "/loki/api/v1/query_range?query=%7Bstore%3D%22palermo%22%7D", "loki", "/loki/api/v1/query_range?query=%7Bstore%3D%22palermo%22%7D")]
    [InlineData("GET", "/alertmanager/api/v2/alerts?filter=store%3D%22quilmes%22", "alertmanager", "/api/v2/alerts?filter=store%3D%22quilmes%22")]
    public async Task EachPath_ReachesItsUpstream(string method, string path, string upstream, string arrives)
    {
        using var https = TrustingCaddy();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Caddy.HttpsUrl, path)) { Content = method == "POST" ? new ByteArrayContent([1, 2, 3]) : null };
        request.Headers.Authorization = Basic("consola", "clave-consola");

        var response = await https.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var target = new[] { _mimir, _loki, _alertmanager }.Single(u => u.Name == upstream);
        Assert.Equal([$"{method} {arrives}"], target.Requests);
        Assert.Empty(new[] { _mimir, _loki, _alertmanager }.Where(u => u != target).SelectMany(u => u.Requests));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/v1/write")]
    [InlineData("/ingester/shutdown")]
    [InlineData("/prometheus")]
    public async Task AnythingElse_Is404_EvenSignedIn(string path)
    {
        using var https = TrustingCaddy();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Caddy.HttpsUrl, path));
        request.Headers.Authorization = Basic("consola", "clave-consola");

        Assert.Equal(HttpStatusCode.NotFound, (await https.SendAsync(request)).StatusCode);
        Assert.Empty(new[] { _mimir, _loki, _alertmanager }.SelectMany(u => u.Requests));
    }

    [Fact]
    public async Task PlainHttp_IsRedirectedToHttps()
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var response = await http.GetAsync(new Uri(Caddy.HttpUrl, "/api/v1/push"));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.StartsWith("https://localhost", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    private HttpRequestMessage Push((string User, string Password)? credentials)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Caddy.HttpsUrl, "/api/v1/push")) { Content = new ByteArrayContent(Encoding.ASCII.GetBytes("snappy")) };
        if (credentials is { } c) request.Headers.Authorization = Basic(c.User, c.Password);
        return request;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private HttpClient TrustingCaddy() => Caddy.TrustingClient();

    /// <summary>
    /// A stand-in upstream on Kestrel (loopback; any Host header, as Caddy passes the client's): answers 204 to everything
    /// and 200 to health checks, which it does not record.
    /// </summary>
    private sealed class Upstream : IDisposable
    {
        private readonly ConcurrentQueue<string> _requests = new();
        private readonly WebApplication _app;

        public Upstream(string name)
        {
            Name = name;
            var port = TestServers.FreePort();
            Authority = $"127.0.0.1:{port}";
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://{Authority}");
            builder.Logging.ClearProviders();
            _app = builder.Build();
            _app.Run(context =>
            {
                var path = context.Request.Path + context.Request.QueryString;
                var health = path is "/ready" or "/-/ready";
                if (!health) _requests.Enqueue($"{context.Request.Method} {path}");
                context.Response.StatusCode = health ? 200 : 204;
                return Task.CompletedTask;
            });
            _app.StartAsync().GetAwaiter().GetResult();
        }

        public string Name { get; }
        public string Authority { get; }
        public IReadOnlyList<string> Requests => [.. _requests];

        public void Dispose() => _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
