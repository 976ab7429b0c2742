using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MiniMarket.Console.Services;
using MiniMarket.Core.Domain;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Smoke;

/// <summary>One line of the smoke test's table: what was checked, how it went, in how long, and why.</summary>
public sealed record SmokeCheck(string Id, string Name, SmokeOutcome Outcome, TimeSpan Took, string Detail);

public enum SmokeOutcome
{
    Ok,
    Failed,
    /// <summary>Not configured here (Loki, Grafana): said, not counted as a failure.</summary>
    Skipped,
}

/// <summary>
/// What an operator runs after `docker compose up` or an upgrade (the original system's R1–R6):
/// <c>docker compose exec console dotnet MiniMarket.Console.dll smoke</c>. It reads the console's own settings (the agents',
/// Prometheus', Alertmanager's, Grafana's and Loki's addresses, the first admin) and checks, at most 60 s in all: every
/// service ready (R1), an admin signs in (R2), one read on each agent with that sign-in (R3), Prometheus answers and every
/// target is up (R4), Alertmanager answers and Watchdog fires — the alerting pipeline works (R5), Grafana and Loki are
/// healthy when configured (R6), and with <c>--slack</c> a test alert goes to Slack's medium channel. It prints a table
/// and exits 1 when anything failed.
/// </summary>
public static class SmokeTest
{
    public const string Command = "smoke";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PerCall = TimeSpan.FromSeconds(10);

    /// <summary>The command: the console's settings (appsettings.json, environment) plus its arguments; 2 for arguments it does not understand.</summary>
    public static async Task<int> RunCommandAsync(IReadOnlyList<string> args, TextWriter output)
    {
        var (arguments, error) = SmokeSettings.ParseArguments(args);
        if (arguments is null)
        {
            output.WriteLine(error);
            output.WriteLine(SmokeSettings.Usage);
            return 2;
        }
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(arguments)
            .Build();
        return await RunAsync(configuration, output, TimeProvider.System);
    }

    /// <summary>Runs every check and writes the table; 0 when none failed.</summary>
    public static async Task<int> RunAsync(IConfiguration configuration, TextWriter output, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var settings = SmokeSettings.From(configuration);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Budget);
        using var http = new HttpClient { Timeout = PerCall };
        var started = Stopwatch.GetTimestamp();

        var checks = new List<Task<SmokeCheck>>();
        foreach (var (name, url) in settings.Services) checks.Add(CheckAsync("R1", name + " listo", () => ReadyAsync(http, url, deadline.Token)));
        var signedIn = SignInAsync(http, settings, deadline.Token);
        checks.Add(CheckAsync("R2", "ingreso de un admin", async () => (await signedIn).Detail));
        foreach (var (name, url, path) in settings.AgentReads)
            checks.Add(CheckAsync("R3", name + ": una lectura", () => ReadAsync(http, url, path, signedIn, deadline.Token)));
        checks.Add(CheckAsync("R4", "Prometheus: targets arriba", () => PrometheusAsync(settings.PrometheusUrl, deadline.Token)));
        checks.Add(CheckAsync("R5", "Alertmanager: Watchdog", () => WatchdogAsync(settings.AlertmanagerUrl, deadline.Token)));
        checks.Add(CheckAsync("R6", "Grafana", () => GrafanaAsync(http, settings.GrafanaUrl, deadline.Token)));
        checks.Add(CheckAsync("R6", "Loki listo", () => LokiAsync(http, settings.LokiUrl, deadline.Token)));
        if (settings.Slack) checks.Add(CheckAsync("R5", "Slack: alerta de prueba", () => SlackAsync(http, settings.AlertmanagerUrl, time, deadline.Token)));

        var results = await Task.WhenAll(checks);
        Write(output, results, BuenosAiresTime.ToLocal(time.GetUtcNow()), Stopwatch.GetElapsedTime(started));
        return results.Any(r => r.Outcome == SmokeOutcome.Failed) ? 1 : 0;
    }

    public static void Write(TextWriter output, IReadOnlyList<SmokeCheck> results, DateTimeOffset when, TimeSpan took)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MiniMarket · prueba de humo · {when:dd/MM/yyyy HH:mm:ss} (Buenos Aires)"));
        foreach (var r in results)
        {
            var outcome = r.Outcome switch { SmokeOutcome.Ok => "ok", SmokeOutcome.Skipped => "omitido", _ => "FALLA" };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Id,-3} {r.Name,-30} {outcome,-8} {r.Took.TotalMilliseconds,7:0} ms  {r.Detail}"));
        }
        var failed = results.Count(r => r.Outcome == SmokeOutcome.Failed);
        var skipped = results.Count(r => r.Outcome == SmokeOutcome.Skipped);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{results.Count} comprobaciones: {results.Count - failed - skipped} ok, {failed} con falla, {skipped} omitidas ({took.TotalSeconds:0.0} s)"));
    }

    /// <summary>Runs one check: its detail when it passes, <see cref="SkippedException"/> to skip, any other exception is the failure's reason.</summary>
    private static async Task<SmokeCheck> CheckAsync(string id, string name, Func<Task<string>> check)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var detail = await check();
            return new SmokeCheck(id, name, SmokeOutcome.Ok, Stopwatch.GetElapsedTime(started), detail);
        }
        catch (SkippedException skipped)
        {
            return new SmokeCheck(id, name, SmokeOutcome.Skipped, Stopwatch.GetElapsedTime(started), skipped.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or SmokeFailure or JsonException or InvalidOperationException or IOException)
        {
            var why = ex is OperationCanceledException ? "sin respuesta a tiempo" : ex is HttpRequestException h ? CallFailures.Describe("el servicio", h) : ex.Message;
            return new SmokeCheck(id, name, SmokeOutcome.Failed, Stopwatch.GetElapsedTime(started), why);
        }
    }

    private static async Task<string> ReadyAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(url, "health/ready"), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new SmokeFailure($"{url}health/ready respondió {(int)response.StatusCode}: {Cut(body)}");
        // The health report's overall status (Healthy, or Degraded: Redis down, still ready); the rest is in the log.
        return $"{url}health/ready: {JsonText(body, "status") ?? Cut(body)}";
    }

    private static async Task<(string Detail, string? Token)> SignInAsync(HttpClient http, SmokeSettings settings, CancellationToken cancellationToken)
    {
        if (settings.UserName is not { Length: > 0 } user || settings.Password is not { Length: > 0 } password)
            throw new SmokeFailure("sin usuario: Admin:UserName y Admin:Password de la consola, o --user y --password");
        using var response = await http.PostAsJsonAsync(new Uri(settings.ConsoleUrl, "api/v1/token"), new { userName = user, password }, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new SmokeFailure($"la consola respondió {(int)response.StatusCode} a {user}: {Cut(await response.Content.ReadAsStringAsync(cancellationToken))}");
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("token").GetString();
        return ($"{user} recibió un token", token);
    }

    private static async Task<string> ReadAsync(HttpClient http, Uri agent, string path, Task<(string Detail, string? Token)> signedIn, CancellationToken cancellationToken)
    {
        string? token;
        try
        {
            token = (await signedIn).Token;
        }
        catch (Exception ex) when (ex is SmokeFailure or HttpRequestException or OperationCanceledException)
        {
            throw new SmokeFailure("sin ingreso (R2)");
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(agent, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new SmokeFailure($"GET {path} respondió {(int)response.StatusCode}: {Cut(await response.Content.ReadAsStringAsync(cancellationToken))}");
        return $"GET {path}: {(int)response.StatusCode}";
    }

    /// <summary>Reads Prometheus with the console's own client (the same answers, the same errors the pages get).</summary>
    private static async Task<string> PrometheusAsync(Uri? prometheus, CancellationToken cancellationToken)
    {
        if (prometheus is null) throw new SmokeFailure("Observability:PrometheusUrl no está configurado");
        using var http = new HttpClient { BaseAddress = prometheus, Timeout = PerCall };
        var up = await new PrometheusClient(http).QueryAsync("up", cancellationToken: cancellationToken);
        if (up.Value is not { } targets) throw new SmokeFailure(up.Error!.Message);
        if (targets.Count == 0) throw new SmokeFailure("Prometheus no tiene targets (up vacío)");
        var down = targets.Where(t => t.Value != 1).Select(t => t.Metric.GetValueOrDefault("job", "?")).Distinct().Order(StringComparer.Ordinal).ToList();
        if (down.Count > 0) throw new SmokeFailure($"{down.Count} de {targets.Count} targets caídos: {string.Join(", ", down)}");
        return $"{targets.Count} targets, todos arriba";
    }

    /// <summary>Reads Alertmanager with the console's own client: Watchdog present, silenced or not, means Prometheus reaches it.</summary>
    private static async Task<string> WatchdogAsync(Uri? alertmanager, CancellationToken cancellationToken)
    {
        if (alertmanager is null) throw new SmokeFailure("Observability:AlertmanagerUrl no está configurado");
        using var http = new HttpClient { BaseAddress = alertmanager, Timeout = PerCall };
        var alerts = await new AlertmanagerClient(http).GetAlertsAsync(cancellationToken);
        if (alerts.Value is not { } all) throw new SmokeFailure(alerts.Error!.Message);
        if (!all.Any(a => a.Name == "Watchdog")) throw new SmokeFailure("Watchdog no está activa: Prometheus no le envía alertas a Alertmanager (o acaba de arrancar: reintente en un minuto)");
        return "Watchdog activa: Prometheus → Alertmanager funciona";
    }

    private static async Task<string> GrafanaAsync(HttpClient http, Uri? grafana, CancellationToken cancellationToken)
    {
        if (grafana is null) throw new SkippedException("Grafana no está configurado (Smoke:GrafanaUrl u Observability:GrafanaUrl)");
        using var response = await http.GetAsync(new Uri(grafana, "api/health"), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new SmokeFailure($"api/health respondió {(int)response.StatusCode}: {Cut(body)}");
        var database = JsonText(body, "database");
        if (database != "ok") throw new SmokeFailure($"la base de Grafana: {database ?? "sin dato"}");
        return "api/health: base ok";
    }

    private static async Task<string> LokiAsync(HttpClient http, Uri? loki, CancellationToken cancellationToken)
    {
        if (loki is null) throw new SkippedException("Loki no está configurado (Observability:LokiUrl)");
        using var response = await http.GetAsync(new Uri(loki, "ready"), cancellationToken);
        var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        if (!response.IsSuccessStatusCode) throw new SmokeFailure($"/ready respondió {(int)response.StatusCode}: {Cut(body)}");
        return "/ready: " + Cut(body);
    }

    /// <summary>An alert of severity medium, as Prometheus would send it, ending by itself in five minutes.</summary>
    private static async Task<string> SlackAsync(HttpClient http, Uri? alertmanager, TimeProvider time, CancellationToken cancellationToken)
    {
        if (alertmanager is null) throw new SmokeFailure("Observability:AlertmanagerUrl no está configurado");
        var now = time.GetUtcNow();
        var alert = new[]
        {
            new
            {
                labels = new Dictionary<string, string> { ["alertname"] = "PruebaDeHumo", ["severity"] = "medium", ["service"] = "consola" },
                annotations = new Dictionary<string, string>
                {
                    ["summary"] = "Prueba de humo después de un despliegue",
                    ["description"] = "Enviada por `MiniMarket.Console smoke --slack`; se resuelve sola en cinco minutos.",
                },
                startsAt = now, endsAt = now.AddMinutes(5),
            },
        };
        using var response = await http.PostAsJsonAsync(new Uri(alertmanager, "api/v2/alerts"), alert, cancellationToken);
        if (!response.IsSuccessStatusCode) throw new SmokeFailure($"Alertmanager respondió {(int)response.StatusCode}");
        return "enviada: debe llegar al canal de severidad media (#minimarket-medio) tras la espera del grupo";
    }

    /// <summary>A top-level string property of a JSON object; null when the body is not one or has no such string.</summary>
    private static string? JsonText(string body, string property)
    {
        if (!body.TrimStart().StartsWith('{')) return null;
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static string Cut(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 100 ? line[..100] + "…" : line;
    }

    private sealed class SmokeFailure(string message) : Exception(message);

    private sealed class SkippedException(string message) : Exception(message);
}
