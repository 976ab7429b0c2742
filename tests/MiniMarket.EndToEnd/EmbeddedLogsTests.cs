using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using MiniMarket.Console.Model;
using MiniMarket.Console.Services;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.EndToEnd;

/// <summary>
/// The on-call's log flow on the stack run.sh starts, without Loki: the three agents send their logs over OTLP/HTTP to the
/// console's embedded store (with the token run.sh gives them), and a person in Chromium follows a correlation id across the
/// three agents, an agent stopped on purpose and the alerts' Logs links, and Inicio's freshness check going blind when no
/// line arrives (its 10 minutes shortened to 20 s here).
/// </summary>
[Collection(EmbeddedLogsAlone.Name)]
public sealed class EmbeddedLogsTests : IAsyncLifetime
{
    private const string Token = "e2e-log-token-0123456789abcdef";
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(20);
    private TestDatabase _database = null!;
    private ConsoleFactory _console = null!;
    private readonly Dictionary<string, AgentProcess> _agents = [];
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private Uri _consoleUrl = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("e2elogs");
        _console = new ConsoleFactory(_database.ConnectionString, "http://127.0.0.1:9/", new Dictionary<string, string?>
        {
            ["Observability:LogStore:Token"] = Token,
            ["Observability:LogFreshness"] = Freshness.ToString(),
        });
        _consoleUrl = _console.StartOnKestrel();
        await _console.AddGuardiaAsync();
        // The agents as the real binary, each in a process of its own (as run.sh runs them): in one process Serilog's static
        // logger would be shared by every host, and a host stopped elsewhere in the suite would close it.
        var common = new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = _database.ConnectionString,
            ["ConnectionStrings__Redis"] = TestServers.Redis,
            ["Redis__KeyPrefix"] = "mmtest-" + _database.Name,
            ["Logging__Otlp__Endpoint"] = new Uri(_consoleUrl, "/otlp/v1/logs").ToString(),
            ["Logging__Otlp__BearerToken"] = Token,
            ["Ml__RetrainInterval"] = "00:00:00",
            ["Ml__ModelDirectory"] = Path.Combine(Path.GetTempPath(), "mmtest-models-" + Guid.NewGuid().ToString("N")),
            ["Negocio__OrderProposalInterval"] = "00:00:00",
            ["Negocio__InflationSource"] = "ml",
        };
        var deposito = new AgentProcess("deposito", common);
        var ml = new AgentProcess("ml", new Dictionary<string, string>(common) { ["Ml__DepositoUrl"] = deposito.Url.ToString() });
        var negocio = new AgentProcess("negocio", new Dictionary<string, string>(common)
        {
            ["Negocio__DepositoUrl"] = deposito.Url.ToString(),
            ["Negocio__MlUrl"] = ml.Url.ToString(),
        });
        foreach (var agent in new[] { deposito, ml, negocio })
        {
            _agents[agent.Role] = agent;
            await agent.StartAsync();
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MM_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        });
    }

    /// <summary>Stops an agent (its process killed: no more requests; what it had not sent yet is lost, as in a crash).</summary>
    private async Task StopAsync(string role)
    {
        if (_stopped.Add(role)) await _agents[role].StopAsync();
    }

    private readonly HashSet<string> _stopped = [];

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        foreach (var agent in _agents.Values) await agent.DisposeAsync();
        if (_console is not null) await _console.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    private async Task<IPage> SignInAsync(string path)
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, Locale = "es-AR" });
        await page.GotoAsync(new Uri(_consoleUrl, "/cuenta/ingresar?ReturnUrl=" + Uri.EscapeDataString(path)).ToString());
        await page.FillAsync("#username", "guardia");
        await page.FillAsync("#password", ConsoleFactory.GuardiaPassword);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => url.Contains(path.Split('?')[0], StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = 30_000 });
        return page;
    }

    /// <summary>The (service, level, line) rows the Logs page shows.</summary>
    private static async Task<List<(string Service, string Level, string Line)>> RowsAsync(IPage page) =>
        (await page.Locator("[data-testid=log-line]").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.children[1].innerText, r.children[2].innerText, r.children[3].querySelector('span').innerText])"))
        .Select(r => (r[0], r[1], r[2])).ToList();

    private async Task<HttpResponseMessage> ProposeAsync(string correlationId)
    {
        using var negocio = new HttpClient { BaseAddress = _agents["negocio"].Url, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/orders/proposals");
        var token = new TokenIssuer(Options.Create(new JwtOptions { SigningKey = TestServers.JwtSigningKey }), TimeProvider.System, TestServers.DefaultStore).ForUser("guardia-e2e", [Roles.Encargado]).Token;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add(Correlation.Header, correlationId);
        return await negocio.SendAsync(request);
    }

    /// <summary>Polls the console's log source (what the Logs page reads) until <paramref name="done"/>, at most 90 s (the exporter batches every 2 s and backs off on failure).</summary>
    private async Task<IReadOnlyList<LogEntry>> LinesAsync(string logQl, Func<IReadOnlyList<LogEntry>, bool> done, string what)
    {
        var source = _console.Services.GetRequiredService<ILogSource>();
        var page = await Poll.UntilAsync(() => source.QueryRangeAsync(logQl, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1), 5000),
            p => p.Ok && done(p.Value!.Entries), TimeSpan.FromSeconds(90), what);
        return page.Value!.Entries;
    }

    [Fact]
    public async Task OnCall_FollowsARequestAcrossTheAgents_AnAgentStopped_AndTheLogsGoingQuiet()
    {
        // 1. One request to negocio reaches deposito (critical stock) and ml (measured inflation): one correlation id, three services.
        var cid = "e2e-" + Guid.NewGuid().ToString("N")[..12];
        using (var proposal = await ProposeAsync(cid)) Assert.True(proposal.IsSuccessStatusCode, $"proposal: {(int)proposal.StatusCode}");
        await LinesAsync($"{{service_name=~\".+\"}} | CorrelationId=\"{cid}\"",
            lines => lines.Select(l => l.Service).Distinct().Count() == 3, "the request's lines from deposito, negocio and ml");

        var page = await SignInAsync($"/logs?cid={cid}");
        await page.Locator("[data-testid=log-line]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        var rows = await RowsAsync(page);
        Assert.Equal(["deposito", "ml", "negocio"], rows.Select(r => r.Service).Distinct().Order());
        Assert.Contains("el almacén de logs de la consola", await page.Locator("[data-testid=log-source]").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("logs-embedded-correlation.png"), FullPage = true });

        // 2. deposito stopped on purpose: negocio's next proposal fails and says so in its error lines.
        var stoppedAt = DateTimeOffset.UtcNow;
        await StopAsync("deposito");
        var failing = "e2e-" + Guid.NewGuid().ToString("N")[..12];
        using (var proposal = await ProposeAsync(failing)) Assert.True((int)proposal.StatusCode >= 500, $"proposal with deposito stopped: {(int)proposal.StatusCode}");
        await LinesAsync($"{{service_name=\"negocio\"}} | CorrelationId=\"{failing}\"", lines => lines.Any(l => l.Level == "error"),
            "negocio's error line for the failed request");

        // The alert the on-call gets (HighErrorRate for negocio, from now): its Logs link shows those error lines.
        var alert = new AlertRow("fp", "HighErrorRate", "high", "negocio", "active", "", "", stoppedAt,
            new Dictionary<string, string> { ["alertname"] = "HighErrorRate", ["service"] = "negocio" }, new Dictionary<string, string>(), [], []);
        await page.GotoAsync(new Uri(_consoleUrl, "/" + AlertsViewModel.LogsLink(alert)).ToString());
        await page.Locator("[data-testid=log-line]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        rows = await RowsAsync(page);
        Assert.All(rows, r => Assert.Equal("negocio", r.Service));
        Assert.Contains(rows, r => r.Level == "error" && r.Line.Contains("503", StringComparison.Ordinal));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("logs-embedded-alert.png"), FullPage = true });

        // ServiceDown for deposito: its Logs link shows deposito's last lines, up to its stop.
        var down = alert with { Name = "ServiceDown", Service = "deposito", Labels = new Dictionary<string, string> { ["alertname"] = "ServiceDown", ["job"] = "deposito" } };
        await page.GotoAsync(new Uri(_consoleUrl, "/" + AlertsViewModel.LogsLink(down)).ToString());
        await page.Locator("[data-testid=log-line]").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.All(await RowsAsync(page), r => Assert.Equal("deposito", r.Service));

        // 3. Every agent stopped: no line arrives, and after the (shortened) freshness window Inicio says it cannot see.
        foreach (var role in _agents.Keys) await StopAsync(role);
        await using var scope = _console.Services.CreateAsyncScope();
        var home = scope.ServiceProvider.GetRequiredService<HomeViewModel>();
        var blind = await Poll.UntilAsync(() => home.LoadAsync(),
            s => s.Reasons.Any(r => r.StartsWith("No llegan logs desde hace más de", StringComparison.Ordinal)), Freshness * 4, "Inicio's log freshness check");
        // (No Prometheus in this test: the status is not "ok" for that reason too; the page test checks the status itself.)
        Assert.NotEqual(SystemStatus.Ok, blind.Status);
        Assert.Contains(blind.Reasons, r => r.Contains("(fuente: el almacén de logs de la consola)", StringComparison.Ordinal));
    }
}

/// <summary>
/// Alone, after the other classes: three agent processes, the console and Chromium on these 2 cores, and an exporter that
/// sends every 2 s — not to be starved by the rest of the suite.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EmbeddedLogsAlone
{
    public const string Name = "embedded logs";
}
