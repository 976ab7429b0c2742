using System.Globalization;
using System.Text;

namespace MiniMarket.Console.Services;

/// <summary>
/// What the logs page asks for: services (none = all), a level (error, warn, info, debug or none),
/// a case-insensitive text and a correlation id. Turned into LogQL by <see cref="LogQl.Build"/>.
/// </summary>
public sealed record LogFilter(IReadOnlyList<string> Services, string? Level, string? Text, string? CorrelationId, string? Store = null);

/// <summary>Helpers to build LogQL from user input and alert labels safely.</summary>
public static class LogQl
{
    /// <summary>The levels <see cref="Build"/> accepts, as Loki writes them in <c>detected_level</c>.</summary>
    public static IReadOnlyList<string> Levels { get; } = ["error", "warn", "info", "debug"];

    /// <summary>The log window for an alert starts this long before its <c>startsAt</c> (and ends now).</summary>
    public static TimeSpan AlertLookBack { get; } = TimeSpan.FromMinutes(15);

    private const string RegexMetacharacters = @"\.+*?()|[]{}^$";

    private static readonly string[] AlertServiceLabels = ["service", "job", "service_name"];

    /// <summary>
    /// Escapes text for a double-quoted LogQL string (Go string syntax): backslash, quote, newline, tab,
    /// carriage return, and any other control character as <c>\u00XX</c>.
    /// </summary>
    public static string EscapeString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append(@"\n"); break;
                case '\t': sb.Append(@"\t"); break;
                case '\r': sb.Append(@"\r"); break;
                default:
                    if (char.IsControl(c)) sb.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// Escapes RE2 metacharacters (<c>\.+*?()|[]{}^$</c>) with a backslash so the text matches literally.
    /// The result still has to go through <see cref="EscapeString"/> to be put inside quotes.
    /// </summary>
    public static string EscapeRegex(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (RegexMetacharacters.Contains(c, StringComparison.Ordinal)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>
    /// The LogQL for a filter: <c>{service_name="a"}</c> for one service, <c>{service_name=~"a|b"}</c> for several,
    /// <c>{service_name=~".+"}</c> for none (third-party services carry no <c>service_namespace</c> everywhere);
    /// then <c>| detected_level="…"</c>, <c>| CorrelationId="…"</c> and <c>|~ "(?i)…"</c> for the text (trimmed,
    /// matched literally and case-insensitively). Blank values are left out.
    /// </summary>
    /// <exception cref="ArgumentException">The level is not one of <see cref="Levels"/>.</exception>
    public static string Build(LogFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        string? level = null;
        if (!string.IsNullOrWhiteSpace(filter.Level))
        {
            var wanted = filter.Level.Trim();
            level = Levels.FirstOrDefault(l => string.Equals(l, wanted, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"Unknown log level '{filter.Level}': expected one of {string.Join(", ", Levels)}.", nameof(filter));
        }

        var services = (filter.Services ?? [])
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var sb = new StringBuilder(128);
        sb.Append(services.Count switch
        {
            0 => "{service_name=~\".+\"",
            1 => "{service_name=\"" + EscapeString(services[0]) + "\"",
            _ => "{service_name=~\"" + string.Join("|", services.Select(s => EscapeString(EscapeRegex(s)))) + "\"",
        });
        // A chain's Loki holds every store's lines: the store's index label (every service's Store:Id) narrows them.
        if (!string.IsNullOrWhiteSpace(filter.Store)) sb.Append(", store=\"").Append(EscapeString(filter.Store.Trim())).Append('"');
        sb.Append('}');
        if (level is not null) sb.Append(" | detected_level=\"").Append(level).Append('"');
        if (!string.IsNullOrWhiteSpace(filter.CorrelationId))
            sb.Append(" | CorrelationId=\"").Append(EscapeString(filter.CorrelationId.Trim())).Append('"');
        if (!string.IsNullOrWhiteSpace(filter.Text))
            sb.Append(" |~ \"(?i)").Append(EscapeString(EscapeRegex(filter.Text.Trim()))).Append('"');
        return sb.ToString();
    }

    /// <summary>
    /// The filter for an alert's logs: its service from the label <c>service</c>, else <c>job</c> (postgres, redis, node…
    /// kept as they are), else <c>service_name</c>; every level and no text, so the lines around the alert show in full.
    /// No such label gives every service. Query it from <c>startsAt - </c><see cref="AlertLookBack"/> to now.
    /// </summary>
    public static LogFilter ForAlert(IReadOnlyDictionary<string, string> alertLabels)
    {
        ArgumentNullException.ThrowIfNull(alertLabels);
        // The alert's store (its store label), so that a chain's Loki shows that store's lines only.
        var store = alertLabels.TryGetValue("store", out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
        foreach (var key in AlertServiceLabels)
        {
            if (alertLabels.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
                return new LogFilter([value], null, null, null, store);
        }
        return new LogFilter([], null, null, null, store);
    }

    /// <summary>Unix nanoseconds as Loki expects them in query parameters (an integer string).</summary>
    public static string UnixNanos(DateTimeOffset time) => Nanos(time).ToString(CultureInfo.InvariantCulture);

    /// <summary>Unix nanoseconds (100 ns precision), as Loki and OTLP count time and the embedded log store keeps it.</summary>
    public static long Nanos(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
