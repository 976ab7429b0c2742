using System.Globalization;
using Microsoft.Extensions.Options;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MiniMarket.Console.Services;

/// <summary>
/// One service level objective of observability/slo/slos.yml: a ratio (<see cref="Objective"/>: bad events under 1 - objective)
/// or a count (<see cref="MaxPerHour"/>: fewer bad events an hour), for each of its <see cref="Services"/>.
/// </summary>
public sealed record SloDefinition(string Id, string Name, string Description, IReadOnlyList<string> Services, double? Objective,
    double? MaxPerHour, string Query, bool Page)
{
    public bool IsCount => MaxPerHour is not null;

    /// <summary>The share of the window's events (or time) the budget allows; null for a count objective.</summary>
    public double? Budget => Objective is { } objective ? (double)(1m - (decimal)objective) : null;

    /// <summary>The SLI's query for one service over a window, as the generated rules run it.</summary>
    public string QueryFor(string service, string window, string slowEndpoints) => Query
        .Replace("$service", service, StringComparison.Ordinal).Replace("$window", window, StringComparison.Ordinal)
        .Replace("$slow", slowEndpoints, StringComparison.Ordinal);
}

/// <summary>
/// The SLOs as the console shows them, read from the definition the Prometheus rules are generated from (shipped next to the
/// console from observability/slo, like the runbooks): names, words, objectives and queries have one source.
/// </summary>
public sealed class SloCatalog
{
    private readonly Lazy<(TimeSpan Window, string Slow, IReadOnlyList<SloDefinition> All, string? Error)> _loaded;

    public SloCatalog(IOptions<ObservabilityOptions> options)
    {
        var file = options.Value.SlosPath is { Length: > 0 } configured ? configured : Path.Combine(AppContext.BaseDirectory, "slo", "slos.yml");
        _loaded = new(() =>
        {
            if (!File.Exists(file)) return (TimeSpan.FromDays(30), "", [], $"No se encontró la definición de los objetivos ({file}).");
            try
            {
                var (window, slow, all) = Load(File.ReadAllText(file));
                return (window, slow, all, null);
            }
            catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidDataException or FormatException or ArgumentException)
            {
                return (TimeSpan.FromDays(30), "", [], $"La definición de los objetivos ({file}) no se puede leer: {e.Message}");
            }
        });
    }

    public IReadOnlyList<SloDefinition> All => _loaded.Value.All;

    /// <summary>Why there are no objectives (the definition is missing or unreadable); null when it was read.</summary>
    public string? Error => _loaded.Value.Error;

    /// <summary>The window every objective is measured over (30 days).</summary>
    public TimeSpan Window => _loaded.Value.Window;

    /// <summary>The endpoints slow by design (a regex), left out of latency.</summary>
    public string SlowEndpoints => _loaded.Value.Slow;

    public SloDefinition? Find(string id) => All.FirstOrDefault(s => s.Id == id);

    private sealed class FileShape
    {
        public string Window { get; set; } = "30d";
        public string SlowByDesignEndpoints { get; set; } = "";
        public List<SloShape> Slos { get; set; } = [];
    }

    private sealed class SloShape
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public List<string> Services { get; set; } = [];
        public double? Objective { get; set; }
        public string? ErrorRatio { get; set; }
        public double? MaxPerHour { get; set; }
        public string? Events { get; set; }
        public bool Page { get; set; } = true;
    }

    internal static (TimeSpan Window, string Slow, IReadOnlyList<SloDefinition> All) Load(string yaml)
    {
        var shape = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).IgnoreUnmatchedProperties().Build()
            .Deserialize<FileShape>(yaml) ?? new FileShape();
        var slos = shape.Slos.Select(s => (s.Objective is not null && s.ErrorRatio is not null && s.MaxPerHour is null && s.Events is null)
                || (s.MaxPerHour is not null && s.Events is not null && s.Objective is null && s.ErrorRatio is null)
            ? new SloDefinition(s.Id, s.Name, s.Description, s.Services, s.Objective, s.MaxPerHour, s.ErrorRatio ?? s.Events!, s.Page)
            : throw new InvalidDataException($"SLO '{s.Id}': objective y error_ratio, o max_per_hour y events")).ToList();
        return (ParseWindow(shape.Window), shape.SlowByDesignEndpoints, slos);
    }

    /// <summary>"30d", "12h", "90m" as a span.</summary>
    public static TimeSpan ParseWindow(string text)
    {
        var number = double.Parse(text[..^1], CultureInfo.InvariantCulture);
        return text[^1] switch
        {
            'd' => TimeSpan.FromDays(number),
            'h' => TimeSpan.FromHours(number),
            'm' => TimeSpan.FromMinutes(number),
            _ => throw new InvalidDataException("ventana desconocida: " + text),
        };
    }
}
