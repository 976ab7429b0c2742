using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using MiniMarket.Testing;

namespace MiniMarket.EndToEnd;

/// <summary>
/// The smoke test an operator runs after a deploy (<c>dotnet MiniMarket.Console.dll smoke</c>), the real binary against the
/// local stack: the agents and the console on Kestrel, a real Prometheus scraping them, a real Alertmanager.
/// </summary>
public sealed class SmokeCommandTests(StackFixture stack) : IClassFixture<StackFixture>, IAsyncLifetime
{
    private AlertmanagerProcess? _alertmanager;

    public async Task InitializeAsync() =>
        _alertmanager = await AlertmanagerProcess.StartAsync(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "observability", "alertmanager", "alertmanager.local.yml"))
            .Replace("/etc/alertmanager/templates/", Path.Combine(RepositoryPaths.Root, "observability", "alertmanager", "templates") + "/", StringComparison.Ordinal));

    public async Task DisposeAsync()
    {
        if (_alertmanager is not null) await _alertmanager.DisposeAsync();
    }

    /// <summary>The console's settings as compose gives them, pointing at this stack.</summary>
    private Dictionary<string, string?> Environment() => new()
    {
        ["Agents__DepositoUrl"] = stack.AgentUrls["deposito"].ToString(),
        ["Agents__NegocioUrl"] = stack.AgentUrls["negocio"].ToString(),
        ["Agents__MlUrl"] = stack.AgentUrls["ml"].ToString(),
        ["Observability__PrometheusUrl"] = stack.PrometheusUrl.ToString(),
        ["Observability__AlertmanagerUrl"] = _alertmanager!.Url.ToString(),
        ["Observability__GrafanaUrl"] = "",
        ["Observability__LokiUrl"] = "",
        ["Admin__UserName"] = "admin",
        ["Admin__Password"] = ConsoleFactory.AdminPassword,
    };

    private Task<(int ExitCode, string Output)> SmokeAsync(params string[] arguments) => SmokeAsync(Environment(), arguments);

    private Task<(int ExitCode, string Output)> SmokeAsync(Dictionary<string, string?> environment, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [RepositoryPaths.BuildOutput("MiniMarket.Console"), "smoke", "--url", stack.ConsoleUrl.ToString(), .. arguments],
            environment: environment, timeout: TimeSpan.FromSeconds(90));

    /// <summary>What Prometheus does: Watchdog, always firing, sent to Alertmanager.</summary>
    private async Task SendWatchdogAsync()
    {
        using var http = new HttpClient { BaseAddress = _alertmanager!.Url };
        var now = DateTimeOffset.UtcNow;
        using var response = await http.PostAsJsonAsync("api/v2/alerts", new[]
        {
            new { labels = new Dictionary<string, string> { ["alertname"] = "Watchdog" }, startsAt = now, endsAt = now.AddMinutes(5) },
        });
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task AfterADeploy_EveryCheckPasses_AndTheTableSaysSo()
    {
        await SendWatchdogAsync();
        // The stack's Prometheus has scraped every agent at least once.
        using var prometheus = new HttpClient { BaseAddress = stack.PrometheusUrl };
        await Poll.UntilAsync(async () => (await prometheus.GetStringAsync("api/v1/query?query=count(up%3D%3D1)")).Contains("\"3\"", StringComparison.Ordinal),
            up => up, TimeSpan.FromSeconds(60), "the three agents up in Prometheus");

        var (exit, output) = await SmokeAsync();

        Assert.True(exit == 0, output);
        foreach (var line in new[] { "deposito listo", "negocio listo", "ml listo", "consola listo", "ingreso de un admin", "deposito: una lectura",
                     "negocio: una lectura", "ml: una lectura", "Prometheus: targets arriba", "Alertmanager: Watchdog" })
            Assert.Matches($@"(?m)^R[1-6] +{System.Text.RegularExpressions.Regex.Escape(line)} +ok ", output);
        Assert.Matches(@"(?m)^R6 +Grafana +omitido ", output);
        Assert.Matches(@"(?m)^12 comprobaciones: 10 ok, 0 con falla, 2 omitidas \([0-9.,]+ s\)$", output);
    }

    [Fact]
    public async Task WithoutWatchdog_OrAWrongPassword_ItFails_SayingWhat()
    {
        await using var silent = await AlertmanagerProcess.StartAsync("route: { receiver: nadie }\nreceivers: [{ name: nadie }]\n");
        var environment = Environment();
        environment["Observability__AlertmanagerUrl"] = silent.Url.ToString();

        var (exit, output) = await SmokeAsync(environment, "--password", "no-es-la-clave");

        Assert.Equal(1, exit);
        Assert.Matches(@"(?m)^R5 +Alertmanager: Watchdog +FALLA .*Watchdog no está activa", output);
        Assert.Matches(@"(?m)^R2 +ingreso de un admin +FALLA .*401", output);
        Assert.Matches(@"(?m)^R3 +deposito: una lectura +FALLA .*sin ingreso", output);
        Assert.Matches(@"(?m)^R1 +deposito listo +ok ", output);
    }

    /// <summary>The same checks in the test's own process (what coverage can see): a stopped Alertmanager is named, nothing else fails.</summary>
    [Fact]
    public async Task InProcess_AnUnreachableAlertmanager_FailsOnlyItsLine()
    {
        await SendWatchdogAsync();
        var settings = Environment().ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => e.Value);
        settings["Smoke:ConsoleUrl"] = stack.ConsoleUrl.ToString();
        settings["Observability:AlertmanagerUrl"] = "http://127.0.0.1:9/";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var output = new StringWriter();

        var exit = await MiniMarket.Console.Smoke.SmokeTest.RunAsync(configuration, output, TimeProvider.System);

        var table = output.ToString();
        Assert.Equal(1, exit);
        Assert.Matches(@"(?m)^R5 +Alertmanager: Watchdog +FALLA .*no se pudo conectar", table);
        Assert.Matches(@"(?m)^R2 +ingreso de un admin +ok ", table);
        Assert.Matches(@"(?m)^R3 +ml: una lectura +ok ", table);
        Assert.Matches(@"(?m)^12 comprobaciones: 9 ok, 1 con falla, 2 omitidas", table);
    }

    [Fact]
    public async Task AnUnknownArgument_IsRefusedWithTheUsage()
    {
        var (exit, output) = await SmokeAsync("--rapido");

        Assert.Equal(2, exit);
        Assert.Contains("argumento desconocido: --rapido", output, StringComparison.Ordinal);
        Assert.Contains("uso: MiniMarket.Console smoke", output, StringComparison.Ordinal);
    }
}
