using Microsoft.Playwright;
using MiniMarket.Testing;

namespace MiniMarket.EndToEnd;

/// <summary>
/// The stack a person sees, on loopback: the three agents and the console on Kestrel, a real Prometheus scraping
/// the agents, and Debian's Chromium driven by Playwright.
/// </summary>
public class StackFixture : IAsyncLifetime
{
    /// <summary>Whether the agents call each other (ml reads deposito's history, negocio asks ml and deposito); otherwise they answer alone.</summary>
    protected virtual bool WiredAgents => false;

    private TestDatabase? _database;
    private readonly List<AgentsFactory> _agents = [];
    private PrometheusProcess? _prometheus;
    private ConsoleFactory? _console;
    private IPlaywright? _playwright;

    public Uri ConsoleUrl { get; private set; } = null!;

    /// <summary>The stack's database (the agents' schemas and the console's).</summary>
    public string ConnectionString => _database!.ConnectionString;
    public Uri PrometheusUrl => _prometheus!.Url;

    /// <summary>Each agent's address (deposito, negocio, ml).</summary>
    public Dictionary<string, Uri> AgentUrls { get; } = [];
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("e2e");
        var targets = new List<(string Job, Uri Target)>();
        var ports = new[] { "deposito", "negocio", "ml" }.ToDictionary(r => r, _ => WiredAgents ? TestServers.FreePort() : 0);
        Dictionary<string, string?>? wiring = WiredAgents
            ? new()
            {
                ["Deposito:NegocioUrl"] = $"http://127.0.0.1:{ports["negocio"]}/",
                ["Ml:DepositoUrl"] = $"http://127.0.0.1:{ports["deposito"]}/",
                ["Negocio:DepositoUrl"] = $"http://127.0.0.1:{ports["deposito"]}/",
                ["Negocio:MlUrl"] = $"http://127.0.0.1:{ports["ml"]}/",
            }
            : null;
        foreach (var role in new[] { "deposito", "negocio", "ml" })
        {
            var agent = new AgentsFactory(role, _database.ConnectionString, wiring);
            _agents.Add(agent);
            var url = agent.StartOnKestrel(ports[role]);
            AgentUrls[role] = url;
            targets.Add((role, url));
        }
        _prometheus = await PrometheusProcess.StartAsync(targets);
        // Wired agents: the console's business screens call them too.
        _console = new ConsoleFactory(_database.ConnectionString, _prometheus.Url.ToString(), WiredAgents
            ? new Dictionary<string, string?>
            {
                ["Agents:DepositoUrl"] = AgentUrls["deposito"].ToString(),
                ["Agents:NegocioUrl"] = AgentUrls["negocio"].ToString(),
                ["Agents:MlUrl"] = AgentUrls["ml"].ToString(),
            }
            : null);
        ConsoleUrl = _console.StartOnKestrel();
        await _console.AddEncargadoAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MM_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A new browser page signed in as the given user, on the console's start page.</summary>
    public async Task<IPage> SignInAsync(string user, string password, string path = "/")
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 800 }, Locale = "es-AR" });
        await page.GotoAsync(new Uri(ConsoleUrl, path).ToString());
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#sign-in");
        return page;
    }

    public static string ScreenshotPath(string name)
    {
        var directory = Path.Combine(RepositoryPaths.Root, ".data", "screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_console is not null) await _console.DisposeAsync();
        if (_prometheus is not null) await _prometheus.DisposeAsync();
        foreach (var agent in _agents) await agent.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}
