using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MiniMarket.Testing;

namespace MiniMarket.EndToEnd;

/// <summary>
/// The on-call's path in a real browser against the real local stack: the agents, a real Prometheus running the
/// project's rules (ServiceDown's `for` shortened to 5 s) and a real Alertmanager (the local config), the console.
/// </summary>
public sealed class OnCallFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private readonly List<AgentsFactory> _agents = [];
    private ConsoleFactory? _console;
    private IPlaywright? _playwright;

    public AgentsFactory Deposito { get; private set; } = null!;
    public PrometheusProcess Prometheus { get; private set; } = null!;
    public AlertmanagerProcess Alertmanager { get; private set; } = null!;
    public Uri ConsoleUrl { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("e2e_oncall");
        var targets = new List<(string Job, Uri Url)>();
        foreach (var role in new[] { "deposito", "negocio", "ml" })
        {
            var agent = new AgentsFactory(role, _database.ConnectionString);
            _agents.Add(agent);
            targets.Add((role, agent.StartOnKestrel()));
        }
        Deposito = _agents[0];
        var observability = Path.Combine(RepositoryPaths.Root, "observability");
        var local = File.ReadAllText(Path.Combine(observability, "alertmanager", "alertmanager.local.yml"))
            .Replace("group_wait: 30s", "group_wait: 1s", StringComparison.Ordinal).Replace("group_wait: 10s", "group_wait: 1s", StringComparison.Ordinal);
        Alertmanager = await AlertmanagerProcess.StartAsync(local);

        var rules = Directory.CreateTempSubdirectory("mm-e2e-rules-").FullName;
        var alerts = File.ReadAllText(Path.Combine(observability, "prometheus", "rules", "alerts.rules.yml"));
        const string serviceDownFor = "        for: 2m\n        labels:\n          severity: critical\n        annotations:\n          summary: \"{{ $labels.service }} no responde\"";
        File.WriteAllText(Path.Combine(rules, "alerts.rules.yml"), alerts.Replace(serviceDownFor, serviceDownFor.Replace("for: 2m", "for: 5s", StringComparison.Ordinal), StringComparison.Ordinal));
        File.Copy(Path.Combine(observability, "prometheus", "rules", "recording.rules.yml"), Path.Combine(rules, "recording.rules.yml"));
        var scrape = string.Concat(targets.Select(t => $"  - job_name: {t.Job}\n    static_configs: [{{ targets: [\"{t.Url.Authority}\"], labels: {{ service: {t.Job} }} }}]\n"));
        Prometheus = await PrometheusProcess.StartWithConfigAsync($$"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
              external_labels: { environment: e2e, console_url: "http://consola.e2e" }
            rule_files: ["{{rules}}/*.rules.yml"]
            alerting:
              alertmanagers: [{ static_configs: [{ targets: ["{{Alertmanager.Url.Authority}}"] }] }]
            scrape_configs:
            {{scrape}}
            """, "--rules.alert.resend-delay=2s");

        _console = new ConsoleFactory(_database.ConnectionString, Prometheus.Url.ToString(), new Dictionary<string, string?>
        {
            ["Observability:AlertmanagerUrl"] = Alertmanager.Url.ToString(),
            ["Observability:GrafanaUrl"] = "http://grafana.e2e:3000",
            ["Observability:RefreshInterval"] = "00:00:02",
        });
        ConsoleUrl = _console.StartOnKestrel();
        await _console.AddEncargadoAsync();
        await _console.AddGuardiaAsync();

        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MM_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> SignInAsync(string user, string password, string path)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, Locale = "es-AR" });
        await page.GotoAsync(new Uri(ConsoleUrl, path).ToString());
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_console is not null) await _console.DisposeAsync();
        if (Prometheus is not null) await Prometheus.DisposeAsync();
        if (Alertmanager is not null) await Alertmanager.DisposeAsync();
        foreach (var agent in _agents) await agent.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

public class OnCallBrowserTests(OnCallFixture stack) : IClassFixture<OnCallFixture>
{
    [Fact]
    public async Task AgentStops_ServiceDownArrives_RunbookAndLogsOneClickAway_SilenceReachesAlertmanager()
    {
        var page = await stack.SignInAsync("guardia", ConsoleFactory.GuardiaPassword, "/alertas");
        await page.WaitForURLAsync("**/alertas");
        // The pipeline works: Watchdog is there before anything else happens.
        await Assertions.Expect(page.Locator("[data-testid=alerts]")).ToContainTextAsync("Watchdog", new() { Timeout = 30_000 });

        await stack.Deposito.DisposeAsync();
        var row = page.Locator("tr", new() { HasText = "ServiceDown" });
        await Assertions.Expect(row).ToContainTextAsync("deposito", new() { Timeout = 60_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("alertas.png"), FullPage = true });

        await row.Locator("[data-testid=detail-link]").ClickAsync();
        await page.WaitForURLAsync("**/alertas/*");
        await Assertions.Expect(page.Locator("[data-testid=alert-logql]")).ToContainTextAsync("{service_name=\"deposito\"}");
        await Assertions.Expect(page.Locator("[data-testid=alert-links] a", new() { HasText = "Grafana" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^http://grafana.e2e:3000/d/minimarket-overview"));
        var alertUrl = page.Url;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("alerta.png"), FullPage = true });

        await page.Locator("[data-testid=alert-links] a", new() { HasText = "Runbook" }).ClickAsync();
        await page.WaitForURLAsync("**/runbooks/ServiceDown");
        await Assertions.Expect(page.Locator("[data-testid=runbook-body]")).ToContainTextAsync("Qué significa");
        await Assertions.Expect(page.Locator("[data-testid=live-state]")).ToContainTextAsync("disparada", new() { Timeout = 15_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("runbook.png"), FullPage = true });

        await page.GotoAsync(alertUrl);
        await page.Locator("[data-testid=silence-form][data-interactive=true]").WaitForAsync();
        await page.Locator("[data-testid=silence-comment] input, input[data-testid=silence-comment]").First.FillAsync("deposito en mantenimiento (prueba)");
        await page.Locator("[data-testid=silence-button]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=silence-result]")).ToContainTextAsync("Silencio creado");

        using var alertmanager = new HttpClient { BaseAddress = stack.Alertmanager.Url };
        var silenced = await Poll.UntilAsync(async () => await alertmanager.GetFromJsonAsync<List<JsonElement>>("api/v2/alerts?filter=alertname%3D%22ServiceDown%22") ?? [],
            alerts => alerts.Any(a => a.GetProperty("status").GetProperty("silencedBy").GetArrayLength() > 0), TimeSpan.FromSeconds(30), "ServiceDown silenced in Alertmanager");
        Assert.Equal("suppressed", silenced.First().GetProperty("status").GetProperty("state").GetString());
        var silences = await alertmanager.GetFromJsonAsync<List<JsonElement>>("api/v2/silences");
        Assert.Contains(silences!, s => s.GetProperty("createdBy").GetString() == "guardia" && s.GetProperty("comment").GetString() == "deposito en mantenimiento (prueba)");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("[data-testid=silence]")).ToContainTextAsync("guardia");

        // Inicio says there is a problem (deposito is down), in plain words.
        await page.GotoAsync(new Uri(stack.ConsoleUrl, "/").ToString());
        await Assertions.Expect(page.Locator("[data-testid=home-status]")).ToHaveAttributeAsync("data-state", "down", new() { Timeout = 20_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("inicio.png"), FullPage = true });
    }

    [Fact]
    public async Task Encargado_IsRefusedTheOnCallPages()
    {
        var page = await stack.SignInAsync("encargado", ConsoleFactory.EncargadoPassword, "/alertas");
        await page.WaitForURLAsync("**/cuenta/acceso-denegado**");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = StackFixture.ScreenshotPath("alertas-encargado.png") });
    }
}
