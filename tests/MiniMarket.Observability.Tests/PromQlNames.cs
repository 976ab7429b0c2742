using System.Text.RegularExpressions;

namespace MiniMarket.Observability.Tests;

/// <summary>The metric names a PromQL expression reads (a lexical reading, enough for the expressions this project writes).</summary>
public static partial class PromQlNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2",
    };

    /// <summary>Grafana's variables as a test sends the query to Prometheus.</summary>
    public static string Substitute(string expr) => expr
        .Replace("$__rate_interval", "5m", StringComparison.Ordinal)
        .Replace("$__interval", "1m", StringComparison.Ordinal)
        .Replace("$__range", "7d", StringComparison.Ordinal)
        .Replace("${service}", ".*", StringComparison.Ordinal)
        .Replace("$service", ".*", StringComparison.Ordinal);

    public static IReadOnlyList<string> Of(string expr)
    {
        var text = Strings().Replace(expr, " ");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        return Identifiers().Matches(text)
            .Where(m => !FollowedByParenthesis(text, m.Index + m.Length) && !Keywords.Contains(m.Value) && !IsDuration(text, m.Index))
            .Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
    }

    private static bool FollowedByParenthesis(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index])) index++;
        return index < text.Length && text[index] == '(';
    }

    // "offset 15m": the 15m is not a name (identifiers never start with a digit, but "m" after a number could).
    private static bool IsDuration(string text, int index) => index > 0 && char.IsAsciiDigit(text[index - 1]);

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifiers();
}
