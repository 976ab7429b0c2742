using System.Net;
using Microsoft.Playwright;
using MiniMarket.Testing;

namespace MiniMarket.EndToEnd;

/// <summary>
/// The console behind the production proxy: Debian's Caddy running the repository's proxy/Caddyfile with its own CA in
/// front of the console on Kestrel. HTTP is redirected, HSTS is sent, the certificate chains to that CA, and Chromium signs
/// in over HTTPS: the Blazor circuit works through the proxy, the sign-in cookie is Secure and the console's own redirects
/// stay on https (it believes the proxy's X-Forwarded-Proto, from loopback only).
/// </summary>
public sealed class TlsProxyBrowserTests(StackFixture stack) : IClassFixture<StackFixture>, IAsyncLifetime
{
    private CaddyProcess? _caddy;

    private CaddyProcess Caddy => _caddy!;

    public async Task InitializeAsync() => _caddy = await CaddyProcess.StartAsync(stack.ConsoleUrl);

    public async Task DisposeAsync()
    {
        if (_caddy is not null) await _caddy.DisposeAsync();
    }

    private HttpClient TrustingCaddy() => Caddy.TrustingClient();

    [Fact]
    public async Task TheConsolesLogReceiver_IsNotReachableThroughTheProxy()
    {
        using var https = TrustingCaddy();
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");

        using var response = await https.PostAsync(new Uri(Caddy.HttpsUrl, "/otlp/v1/logs"), content);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Http_IsRedirectedToHttps()
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(20) };

        using var response = await http.GetAsync(new Uri(Caddy.HttpUrl, "/salud"));

        // To the standard HTTPS port (443, production's): Caddy's automatic redirect does not carry a test's port.
        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(("https", "localhost", "/salud"), (location.Scheme, location.Host, location.AbsolutePath));
    }

    [Fact]
    public async Task Https_ChainsToTheProxysCa_SendsHsts_AndTheConsolesRedirectsStayOnHttps()
    {
        using var https = TrustingCaddy();

        using var response = await https.GetAsync(new Uri(Caddy.HttpsUrl, "/salud"));

        // Not signed in: the console sends the browser to its sign-in page, on the address the person used.
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.StartsWith(new Uri(Caddy.HttpsUrl, "/cuenta/ingresar").ToString(), response.Headers.Location?.IsAbsoluteUri == true
            ? response.Headers.Location.ToString() : new Uri(Caddy.HttpsUrl, response.Headers.Location!).ToString(), StringComparison.Ordinal);
        var hsts = string.Join(" ", response.Headers.GetValues("Strict-Transport-Security"));
        Assert.Contains("max-age=31536000", hsts, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"), "the proxy's banner is removed");
    }

    [Fact]
    public async Task Chromium_SignsInOverHttps_TheCircuitWorks_AndTheCookieIsSecure()
    {
        // The chain is checked above against Caddy's CA; the browser, which does not know that CA, is told to go on.
        await using var context = await stack.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true, Locale = "es-AR", ViewportSize = new ViewportSize { Width = 1366, Height = 800 },
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(Caddy.HttpsUrl, "/salud").ToString());
        await page.FillAsync("#username", "encargado");
        await page.FillAsync("#password", ConsoleFactory.EncargadoPassword);
        await page.ClickAsync("#sign-in");

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(Caddy.HttpsUrl, "/salud").ToString(), new() { Timeout = 30_000 });
        // Interactive over the proxied WebSocket: the page refreshes itself from the agents' state.
        await Assertions.Expect(page.Locator("td[data-service='deposito'] [data-state]")).ToHaveAttributeAsync("data-state", "up", new() { Timeout = 45_000 });
        await Assertions.Expect(page.Locator("[data-testid=current-user]")).ToHaveTextAsync("encargado");
        var cookies = await context.CookiesAsync();
        var cookie = cookies.Single(c => c.Name == "minimarket.auth");
        Assert.True(cookie.Secure, "the sign-in cookie is Secure behind TLS");
        Assert.True(cookie.HttpOnly);
        Assert.All(cookies, c => Assert.True(c.Secure, c.Name + " is not Secure behind TLS"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("salud-por-https.png"), FullPage = true });
    }
}
