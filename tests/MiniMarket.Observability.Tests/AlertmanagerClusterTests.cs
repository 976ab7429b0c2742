using System.Net.Http.Json;
using System.Text.Json;
using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// The chain's pair of Alertmanagers (compose.central.yaml) as Debian's Alertmanager 0.25 runs it on loopback: two
/// members of one gossip cluster with the production config, Slack a local listener. Every Prometheus (and Mimir's
/// ruler) sends each alert to both, as compose.central.yaml and remote-write's docs say: the cluster notifies it once,
/// a silence made on one is kept by both, and with one member down the other notifies alone, and the one that comes
/// back does not notify again what was already sent.
/// </summary>
public class AlertmanagerClusterTests
{
    /// <summary>How long the second member waits for the first to notify before it does (Alertmanager's --cluster.peer-timeout) plus the group wait, with margin.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task APair_NotifiesOnce_SharesSilences_AndOneStoppedLosesNothing()
    {
        using var slack = new SlackListener();
        var config = AlertmanagerTests.ProductionConfigForTest(slack.Url.ToString(), fast: true);
        var (port1, port2) = (TestServers.FreePort(), TestServers.FreePort());
        await using var first = await AlertmanagerProcess.StartClusterMemberAsync(config, port1, port2);
        await using var second = await AlertmanagerProcess.StartClusterMemberAsync(config, port2, port1);
        using var http1 = new HttpClient { BaseAddress = first.Url };
        using var http2 = new HttpClient { BaseAddress = second.Url };
        await Poll.UntilAsync(async () => await PeersAsync(http1), n => n == 2, TimeSpan.FromSeconds(30), "the two members to see each other");

        // An alert sent to both, as every Prometheus does: one message.
        await SendToAsync([http1, http2], Alert("quilmes", "StoreSilent", "prometheus", "high"));
        await Poll.UntilAsync(() => Task.FromResult(Titles(slack, "StoreSilent")), t => t.Count >= 1, TimeSpan.FromSeconds(60), "the StoreSilent message");
        await Task.Delay(Settle);
        Assert.Equal(["[HIGH] StoreSilent · prometheus · quilmes"], Titles(slack, "StoreSilent"));

        // A silence made on the first is kept by the second.
        var silence = await (await http1.PostAsJsonAsync("api/v2/silences", new
        {
            matchers = new[] { new { name = "store", value = "palermo", isRegex = false, isEqual = true } },
            startsAt = DateTimeOffset.UtcNow, endsAt = DateTimeOffset.UtcNow.AddHours(1),
            createdBy = "guardia", comment = "mantenimiento de la sucursal palermo",
        })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var id = silence.GetProperty("silenceID").GetString()!;
        await Poll.UntilAsync(() => SilenceStateAsync(http2, id), s => s == "active", TimeSpan.FromSeconds(30), "the silence on the second member");
        // ...and honoured by both: a palermo alert sent to both is notified by neither.
        await SendToAsync([http1, http2], Alert("palermo", "ServiceDown", "deposito", "critical"));

        // The first member stops (a crash): what is sent meanwhile reaches the second, which notifies alone.
        await first.StopAsync();
        await SendToAsync([http2], Alert("belgrano", "ServiceDown", "negocio", "critical"));
        await Poll.UntilAsync(() => Task.FromResult(Titles(slack, "ServiceDown")), t => t.Count >= 1, TimeSpan.FromSeconds(60), "belgrano's ServiceDown from the member left");

        // It comes back: it learns the silence and what was notified from its peer, and sends nothing twice.
        await first.RestartAsync();
        await Poll.UntilAsync(async () => await PeersAsync(http2), n => n == 2, TimeSpan.FromSeconds(30), "the pair together again");
        Assert.Equal("active", await SilenceStateAsync(http1, id));
        await SendToAsync([http1, http2], Alert("belgrano", "ServiceDown", "negocio", "critical"), Alert("quilmes", "StoreSilent", "prometheus", "high"));
        await Task.Delay(Settle);
        Assert.Equal(["[CRITICAL] ServiceDown · negocio · belgrano"], Titles(slack, "ServiceDown"));
        Assert.Single(Titles(slack, "StoreSilent"));
        Assert.DoesNotContain(slack.Messages, m => m.ToString().Contains("palermo", StringComparison.Ordinal));
    }

    private static object Alert(string store, string name, string service, string severity) => new
    {
        labels = new Dictionary<string, string>
        {
            ["store"] = store, ["alertname"] = name, ["service"] = service, ["severity"] = severity, ["category"] = "monitoring",
            ["console_url"] = "http://consola.prueba",
        },
        annotations = new Dictionary<string, string>
        {
            ["summary"] = "prueba", ["description"] = "prueba",
            ["runbook_url"] = $"http://consola.prueba/runbooks/{name}?sucursal={store}",
        },
        startsAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        endsAt = DateTimeOffset.UtcNow.AddMinutes(10),
    };

    private static async Task SendToAsync(IEnumerable<HttpClient> members, params object[] alerts)
    {
        foreach (var member in members) (await member.PostAsJsonAsync("api/v2/alerts", alerts)).EnsureSuccessStatusCode();
    }

    private static async Task<int> PeersAsync(HttpClient member)
    {
        var status = await member.GetFromJsonAsync<JsonElement>("api/v2/status");
        return status.GetProperty("cluster").GetProperty("peers").GetArrayLength();
    }

    private static async Task<string?> SilenceStateAsync(HttpClient member, string id)
    {
        var silences = await member.GetFromJsonAsync<List<JsonElement>>("api/v2/silences") ?? [];
        return silences.SingleOrDefault(s => s.GetProperty("id").GetString() == id) is { ValueKind: JsonValueKind.Object } s
            ? s.GetProperty("status").GetProperty("state").GetString() : null;
    }

    private static List<string> Titles(SlackListener slack, string alertname) =>
        [.. slack.Messages.Select(m => m.GetProperty("attachments")[0].GetProperty("title").GetString()!)
            .Where(t => t.Contains(alertname, StringComparison.Ordinal) && !t.StartsWith("[RESUELTA]", StringComparison.Ordinal))];
}
