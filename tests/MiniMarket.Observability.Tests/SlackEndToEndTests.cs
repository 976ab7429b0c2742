using System.Net.Http.Json;
using System.Text.Json;
using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// The whole alerting path with the real tools: an agent stops, the real Prometheus (the project's rules, ServiceDown's
/// `for` shortened to 5 s) fires ServiceDown, the real Alertmanager (the production config, grouping shortened) sends the
/// Slack message to a local listener with the Runbook and console buttons; the agent comes back and the resolved message arrives.
/// The console's address reaches the links as in production: prometheus.yml's console_url external label, expanded from
/// MINIMARKET_CONSOLE_URL, and the store as its store external label from MINIMARKET_STORE_ID: title, text and both links carry it;
/// times are Buenos Aires'.
/// </summary>
public class SlackEndToEndTests
{
    private const string ConsoleUrl = "http://consola.prueba", Store = "palermo";

    [Fact]
    public async Task ServiceDown_ReachesSlackWithRunbookAndConsoleLinks_AndResolves()
    {
        await using var database = await TestDatabase.CreateAsync("obs_slack");
        var port = TestServers.FreePort();
        var deposito = new AgentsFactory("deposito", database.ConnectionString);
        deposito.StartOnKestrel(port);
        using var slack = new SlackListener();
        await using var alertmanager = await AlertmanagerProcess.StartAsync(AlertmanagerTests.ProductionConfigForTest(slack.Url.ToString(), fast: true));

        var rules = Directory.CreateTempSubdirectory("mm-rules-").FullName;
        var alerts = File.ReadAllText(Path.Combine(ObservabilityFiles.PrometheusDirectory, "rules", "alerts.rules.yml"));
        var serviceDownFor = "        for: 2m\n        labels:\n          severity: critical\n        annotations:\n          summary: \"{{ $labels.service }} no responde\"";
        Assert.Contains(serviceDownFor, alerts, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(rules, "alerts.rules.yml"), alerts.Replace(serviceDownFor, serviceDownFor.Replace("for: 2m", "for: 5s", StringComparison.Ordinal), StringComparison.Ordinal));
        File.Copy(Path.Combine(ObservabilityFiles.PrometheusDirectory, "rules", "recording.rules.yml"), Path.Combine(rules, "recording.rules.yml"));
        var production = ObservabilityFiles.Map(ObservabilityFiles.Yaml(Path.Combine(ObservabilityFiles.PrometheusDirectory, "prometheus.yml")));
        var external = ObservabilityFiles.Map(ObservabilityFiles.Map(production["global"])["external_labels"]);
        var consoleUrl = ObservabilityFiles.Text(external, "console_url");
        var store = ObservabilityFiles.Text(external, "store");
        var config = $$"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
              external_labels: { environment: test, console_url: "{{consoleUrl}}", store: "{{store}}" }
            rule_files: ["{{rules}}/*.rules.yml"]
            alerting:
              alertmanagers:
                - static_configs: [{ targets: ["{{alertmanager.Url.Authority}}"] }]
            scrape_configs:
              - job_name: deposito
                static_configs: [{ targets: ["127.0.0.1:{{port}}"], labels: { service: deposito } }]
            """;
        // Prometheus 3 (compose) expands ${...} in external labels by itself; Debian's 2.42 needs the feature flag.
        await using var prometheus = await PrometheusProcess.StartWithConfigAsync(config,
            new Dictionary<string, string> { ["MINIMARKET_CONSOLE_URL"] = ConsoleUrl, ["MINIMARKET_STORE_ID"] = Store }, "--enable-feature=expand-external-labels");
        using var http = new HttpClient { BaseAddress = prometheus.Url };
        await Poll.UntilAsync(() => UpAsync(http), up => up == "1", TimeSpan.FromSeconds(30), "deposito scraped");

        await deposito.DisposeAsync();
        var firing = await Poll.UntilAsync(() => Task.FromResult(slack.Messages), messages => messages.Any(m => Title(m).Contains("ServiceDown", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(90), "the ServiceDown message in Slack");
        var message = firing.First(m => Title(m).Contains("ServiceDown", StringComparison.Ordinal));
        var attachment = message.GetProperty("attachments")[0];
        Assert.Equal("[CRITICAL] ServiceDown · deposito · palermo", Title(message));
        Assert.Equal("#minimarket-critico", message.GetProperty("channel").GetString());
        var text = attachment.GetProperty("text").GetString()!;
        Assert.StartsWith("<!here>", text, StringComparison.Ordinal);
        Assert.Contains("*deposito no responde*", text, StringComparison.Ordinal);
        Assert.Contains("up = 0", text, StringComparison.Ordinal);
        Assert.Contains("Sucursal: `palermo` · Servicio: `deposito`", text, StringComparison.Ordinal);
        Assert.Matches(@"Desde: [0-9]{2}/[0-9]{2}/20[0-9]{2} [0-9]{2}:[0-9]{2} -03", text);
        Assert.Equal("danger", attachment.GetProperty("color").GetString());
        var buttons = attachment.GetProperty("actions").EnumerateArray().ToDictionary(a => a.GetProperty("text").GetString()!, a => a.GetProperty("url").GetString()!);
        Assert.Equal($"{ConsoleUrl}/runbooks/ServiceDown?sucursal=palermo", buttons["Runbook"]);
        Assert.Matches($"^{ConsoleUrl.Replace(".", "\\.", StringComparison.Ordinal)}/alertas/[0-9a-f]{{16}}\\?sucursal=palermo$", buttons["Abrir en consola"]);

        // The fingerprint in the console link is Alertmanager's own.
        using var am = new HttpClient { BaseAddress = alertmanager.Url };
        var active = await am.GetFromJsonAsync<List<JsonElement>>("api/v2/alerts?filter=alertname%3D%22ServiceDown%22");
        Assert.EndsWith(active!.Single().GetProperty("fingerprint").GetString()! + "?sucursal=palermo", buttons["Abrir en consola"], StringComparison.Ordinal);
        Assert.Equal(Store, active!.Single().GetProperty("labels").GetProperty("store").GetString());

        await using var back = new AgentsFactory("deposito", database.ConnectionString);
        back.StartOnKestrel(port);
        var resolved = await Poll.UntilAsync(() => Task.FromResult(slack.Messages), messages => messages.Any(m => Title(m).StartsWith("[RESUELTA] ServiceDown", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(90), "the resolved message in Slack");
        var done = resolved.First(m => Title(m).StartsWith("[RESUELTA] ServiceDown", StringComparison.Ordinal)).GetProperty("attachments")[0];
        Assert.Equal("good", done.GetProperty("color").GetString());
        // Gone from Alertmanager, the alert has no page of its own: the button opens the list, filtered to it.
        var doneButtons = done.GetProperty("actions").EnumerateArray().ToDictionary(a => a.GetProperty("text").GetString()!, a => a.GetProperty("url").GetString()!);
        Assert.Equal($"{ConsoleUrl}/alertas?q=ServiceDown&servicio=deposito&sucursal=palermo", doneButtons["Abrir en consola"]);
        Assert.Matches(@"Resuelta: [0-9]{2}/[0-9]{2}/20[0-9]{2} [0-9]{2}:[0-9]{2} -03", done.GetProperty("text").GetString()!);
        Assert.DoesNotContain("<!here>", done.GetProperty("text").GetString()!, StringComparison.Ordinal);
    }

    private static string Title(JsonElement message) =>
        message.TryGetProperty("attachments", out var attachments) && attachments.GetArrayLength() > 0 ? attachments[0].GetProperty("title").GetString() ?? "" : "";

    private static async Task<string?> UpAsync(HttpClient prometheus)
    {
        var answer = await prometheus.GetFromJsonAsync<JsonElement>("api/v1/query?query=up%7Bjob%3D%22deposito%22%7D");
        var result = answer.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 0 ? null : result[0].GetProperty("value")[1].GetString();
    }
}
