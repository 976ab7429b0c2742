using System.Text.Json;

namespace MiniMarket.Observability.Tests;

public sealed record DashboardQuery(string Dashboard, string Panel, string DatasourceUid, string Expr);

/// <summary>The provisioned dashboards and the queries of every panel (rows and nested panels included).</summary>
public static class GrafanaDashboards
{
    public static IReadOnlyList<string> Files => Directory.GetFiles(Path.Combine(ObservabilityFiles.GrafanaDirectory, "dashboards"), "*.json").Order(StringComparer.Ordinal).ToList();

    public static JsonElement Load(string file) => JsonDocument.Parse(File.ReadAllText(file)).RootElement;

    public static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        foreach (var panel in dashboard.TryGetProperty("panels", out var panels) ? panels.EnumerateArray() : Enumerable.Empty<JsonElement>())
        {
            yield return panel;
            foreach (var nested in Panels(panel)) yield return nested;
        }
    }

    public static string? DatasourceUid(JsonElement element) =>
        element.TryGetProperty("datasource", out var ds) ? ds.ValueKind == JsonValueKind.Object && ds.TryGetProperty("uid", out var uid) ? uid.GetString() : ds.GetString() : null;

    public static IReadOnlyList<DashboardQuery> Queries() => Files.SelectMany(file =>
    {
        var dashboard = Load(file);
        var name = dashboard.GetProperty("uid").GetString()!;
        return Panels(dashboard).Where(p => p.TryGetProperty("targets", out _)).SelectMany(panel => panel.GetProperty("targets").EnumerateArray().Select(target =>
            new DashboardQuery(name, panel.GetProperty("title").GetString() ?? "", DatasourceUid(target) ?? DatasourceUid(panel) ?? "",
                target.TryGetProperty("expr", out var expr) ? expr.GetString() ?? "" : "")));
    }).ToList();

    /// <summary>The query variables (label_values(series, label)) of every dashboard.</summary>
    public static IReadOnlyList<(string Dashboard, string Name, string Series, string Label)> Variables() => Files.SelectMany(file =>
    {
        var dashboard = Load(file);
        var uid = dashboard.GetProperty("uid").GetString()!;
        return dashboard.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Where(v => v.GetProperty("type").GetString() == "query")
            .Select(v => (v.GetProperty("name").GetString()!, System.Text.RegularExpressions.Regex.Match(v.GetProperty("definition").GetString()!, @"^label_values\((.+), (\w+)\)$")))
            .Select(v => (uid, v.Item1, v.Item2.Groups[1].Value, v.Item2.Groups[2].Value));
    }).ToList();
}
