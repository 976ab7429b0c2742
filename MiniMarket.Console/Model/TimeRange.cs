using System.Globalization;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Model;

/// <summary>
/// A chart's time range as the address carries it: a preset (<c>rango=1h|6h|24h|7d|30d</c>, relative to now) or a custom
/// window (<c>desde</c>/<c>hasta</c>, ISO 8601). Its step keeps every series under Prometheus' point limit and is never
/// finer than the scrape interval.
/// </summary>
public sealed record TimeRange(string? Preset, DateTimeOffset Start, DateTimeOffset End)
{
    public static readonly IReadOnlyList<(string Key, TimeSpan Length)> Presets =
    [
        ("1h", TimeSpan.FromHours(1)),
        ("6h", TimeSpan.FromHours(6)),
        ("24h", TimeSpan.FromHours(24)),
        ("7d", TimeSpan.FromDays(7)),
        ("30d", TimeSpan.FromDays(30)),
    ];

    public const string DefaultPreset = "24h";

    /// <summary>The scrape interval of the project's Prometheus (prometheus.yml: 15s).</summary>
    public static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(15);

    /// <summary>Points per series a chart asks for (a screen shows no more).</summary>
    public const int ChartPoints = 240;

    /// <summary>The longest custom range (what Prometheus keeps locally, and more than any chart needs).</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(90);

    public TimeSpan Length => End - Start;

    /// <summary>The resource key of a preset's button text.</summary>
    public static string LabelKey(string preset) => "Kpis.Range." + preset;

    public TimeSpan Step => PromQl.Step(Length, ScrapeInterval, ChartPoints);

    public bool IsCustom => Preset is null;

    public static TimeRange Last(string preset, DateTimeOffset now)
    {
        var length = Presets.First(p => p.Key == preset).Length;
        return new TimeRange(preset, now - length, now);
    }

    /// <summary>
    /// The range the address asks for, or why it cannot be used (the page then shows the default with the reason).
    /// A custom window wins over a preset; without «hasta» it ends now; its end may not be in the future by more than a minute.
    /// </summary>
    public static (TimeRange Range, string? Error) Parse(string? preset, string? from, string? to, DateTimeOffset now, string defaultPreset = DefaultPreset)
    {
        if (!string.IsNullOrWhiteSpace(from) || !string.IsNullOrWhiteSpace(to))
        {
            if (!TryParseTime(from, out var start))
                return (Last(defaultPreset, now), $"«desde» no es una fecha y hora válida: '{from}'.");
            var end = now;
            if (!string.IsNullOrWhiteSpace(to) && !TryParseTime(to, out end))
                return (Last(defaultPreset, now), $"«hasta» no es una fecha y hora válida: '{to}'.");
            if (end <= start)
                return (Last(defaultPreset, now), "«hasta» debe ser posterior a «desde».");
            if (end - start > MaxLength)
                return (Last(defaultPreset, now), $"El rango no puede superar {MaxLength.TotalDays:0} días.");
            if (end > now.AddMinutes(1))
                return (Last(defaultPreset, now), "«hasta» no puede estar en el futuro.");
            return (new TimeRange(null, start, end), null);
        }
        if (string.IsNullOrWhiteSpace(preset)) return (Last(defaultPreset, now), null);
        return Presets.Any(p => p.Key == preset)
            ? (Last(preset, now), null)
            : (Last(defaultPreset, now), $"Rango desconocido '{preset}': se usa el predeterminado ({defaultPreset}).");
    }

    private static bool TryParseTime(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);

    /// <summary>ISO 8601 (UTC) for the address.</summary>
    public static string ToQuery(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
