using System.Text.RegularExpressions;
using MiniMarket.Testing;
using YamlDotNet.Serialization;

namespace MiniMarket.Observability.Tests;

public sealed record AlertRule(string Name, string Expr, string For, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

public sealed record RecordingRule(string Record, string Expr);

/// <summary>The files under observability/, read as data.</summary>
public static partial class ObservabilityFiles
{
    public static string Root { get; } = Path.Combine(RepositoryPaths.Root, "observability");

    public static string PrometheusDirectory => Path.Combine(Root, "prometheus");

    public static string AlertmanagerDirectory => Path.Combine(Root, "alertmanager");

    public static string RunbooksDirectory => Path.Combine(Root, "runbooks");

    public static string GrafanaDirectory => Path.Combine(Root, "grafana");

    /// <summary>The rules every store's Prometheus loads.</summary>
    public static IReadOnlyList<string> RuleFiles => Directory.GetFiles(Path.Combine(PrometheusDirectory, "rules"), "*.rules.yml").Order(StringComparer.Ordinal).ToList();

    public static string CentralDirectory => Path.Combine(Root, "central");

    /// <summary>The chain's rules, evaluated centrally (Mimir's ruler) over what the stores remote-write.</summary>
    public static IReadOnlyList<string> CentralRuleFiles => Directory.GetFiles(Path.Combine(CentralDirectory, "rules"), "*.rules.yml").Order(StringComparer.Ordinal).ToList();

    /// <summary>Whether an alert is one of the chain's (central) rules.</summary>
    public static bool IsCentral(string alert) => CentralRuleFiles.SelectMany(file => List(Map(Yaml(file))["groups"]))
        .SelectMany(group => List(Map(group)["rules"])).Select(Map).Any(r => Text(r, "alert") == alert);

    /// <summary>A YAML file as nested dictionaries and lists, with merge keys (<c>&lt;&lt;: *anchor</c>) applied.</summary>
    public static object? Yaml(string path)
    {
        using var reader = new StringReader(File.ReadAllText(path));
        return new DeserializerBuilder().Build().Deserialize<object>(new YamlDotNet.Core.MergingParser(new YamlDotNet.Core.Parser(reader)));
    }

    public static IReadOnlyDictionary<object, object> Map(object? node) => node as IReadOnlyDictionary<object, object> ?? (node as Dictionary<object, object>)
        ?? throw new InvalidDataException("expected a mapping");

    public static IReadOnlyList<object> List(object? node) => node as List<object> ?? throw new InvalidDataException("expected a list");

    public static string? Text(IReadOnlyDictionary<object, object> map, string key) => map.TryGetValue(key, out var value) ? value?.ToString() : null;

    private static IEnumerable<IReadOnlyDictionary<object, object>> Rules() =>
        RuleFiles.Concat(CentralRuleFiles).SelectMany(file => List(Map(Yaml(file))["groups"]))
            .SelectMany(group => List(Map(group)["rules"]))
            .Select(Map);

    public static IReadOnlyList<AlertRule> Alerts() => Rules().Where(r => r.ContainsKey("alert")).Select(r => new AlertRule(
        Text(r, "alert")!, Text(r, "expr")!, Text(r, "for") ?? "0m",
        r.TryGetValue("labels", out var l) ? Map(l).ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? "") : new Dictionary<string, string>(),
        r.TryGetValue("annotations", out var a) ? Map(a).ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? "") : new Dictionary<string, string>())).ToList();

    public static IReadOnlyList<RecordingRule> RecordingRules() =>
        Rules().Where(r => r.ContainsKey("record")).Select(r => new RecordingRule(Text(r, "record")!, Text(r, "expr")!)).ToList();

    /// <summary>Every run of whitespace as one space, trimmed: how a multi-line expression is written on one line.</summary>
    public static string OneLine(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
