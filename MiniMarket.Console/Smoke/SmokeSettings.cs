using MiniMarket.Console.Services;

namespace MiniMarket.Console.Smoke;

/// <summary>
/// Where the smoke test looks: the console's own settings (<c>Agents:*</c>, <c>Observability:*</c>, <c>Admin:*</c>), so that
/// inside the console's container it needs no argument; <c>--url</c>, <c>--user</c>, <c>--password</c> and <c>Smoke:GrafanaUrl</c>
/// (Grafana as seen from the console's network, when its public address is not reachable from there) override them.
/// </summary>
public sealed record SmokeSettings(
    Uri ConsoleUrl,
    IReadOnlyList<(string Name, Uri Url)> Services,
    IReadOnlyList<(string Name, Uri Url, string Path)> AgentReads,
    Uri? PrometheusUrl,
    Uri? AlertmanagerUrl,
    Uri? GrafanaUrl,
    Uri? LokiUrl,
    string? UserName,
    string? Password,
    bool Slack)
{
    public const string Usage = "uso: MiniMarket.Console smoke [--url http://127.0.0.1:8080] [--user <admin>] [--password <contraseña>] [--slack]";

    public static SmokeSettings From(IConfiguration configuration)
    {
        var agents = new AgentsOptions();
        configuration.GetSection(AgentsOptions.Section).Bind(agents);
        var observability = new ObservabilityOptions();
        configuration.GetSection(ObservabilityOptions.Section).Bind(observability);
        var console = Url(configuration["Smoke:ConsoleUrl"]) ?? new Uri("http://127.0.0.1:8080/");
        var agentUrls = new (string Name, Uri? Url, string Path)[]
        {
            ("deposito", Url(agents.DepositoUrl), "api/v1/categories"),
            ("negocio", Url(agents.NegocioUrl), "api/v1/suppliers"),
            ("ml", Url(agents.MlUrl), "api/v1/models"),
        };
        var configured = agentUrls.Where(a => a.Url is not null).Select(a => (a.Name, Url: a.Url!, a.Path)).ToList();
        return new SmokeSettings(
            console,
            [.. configured.Select(a => (a.Name, a.Url)), ("consola", console)],
            configured,
            Url(observability.PrometheusUrl),
            Url(observability.AlertmanagerUrl),
            Url(configuration["Smoke:GrafanaUrl"]) ?? Url(observability.GrafanaUrl),
            Url(observability.LokiUrl),
            configuration["Smoke:UserName"] ?? configuration["Admin:UserName"],
            configuration["Smoke:Password"] ?? configuration["Admin:Password"],
            string.Equals(configuration["Smoke:Slack"], "true", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The command's arguments as settings (<c>--url</c> → Smoke:ConsoleUrl, ...); null with the reason when one is not understood.</summary>
    public static (Dictionary<string, string?>? Settings, string? Error) ParseArguments(IReadOnlyList<string> args)
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < args.Count; i++)
        {
            var key = args[i] switch
            {
                "--url" => "Smoke:ConsoleUrl",
                "--user" => "Smoke:UserName",
                "--password" => "Smoke:Password",
                "--slack" => "Smoke:Slack",
                _ => null,
            };
            if (key is null) return (null, $"argumento desconocido: {args[i]}");
            if (key == "Smoke:Slack")
            {
                settings[key] = "true";
                continue;
            }
            if (i + 1 >= args.Count) return (null, $"{args[i]} necesita un valor");
            settings[key] = args[++i];
        }
        if (settings.TryGetValue("Smoke:ConsoleUrl", out var url) && Url(url) is null) return (null, $"--url: '{url}' no es una dirección http(s)");
        return (settings, null);
    }

    /// <summary>An absolute http(s) address ending in '/', so that relative paths keep its base path.</summary>
    private static Uri? Url(string? text) =>
        Uri.TryCreate(text is null || text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url : null;
}
