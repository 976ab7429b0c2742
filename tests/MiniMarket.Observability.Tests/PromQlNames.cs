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
        .Replace("${store}", ".*", StringComparison.Ordinal)
        .Replace("$store", ".*", StringComparison.Ordinal)
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

    /// <summary>
    /// The metric selectors of <paramref name="expr"/> whose matchers do not include <paramref name="matcher"/> (the same
    /// lexical reading as <see cref="Of"/>, keeping positions to look at each selector's braces).
    /// </summary>
    public static IReadOnlyList<string> SelectorsWithout(string expr, string matcher)
    {
        static string Blank(Regex regex, string text) => regex.Replace(text, m => new string(' ', m.Length));
        var text = Blank(Grouping(), Blank(Brackets(), Blank(Braces(), Blank(Strings(), expr))));
        var missing = new List<string>();
        foreach (Match name in Identifiers().Matches(text))
        {
            if (FollowedByParenthesis(text, name.Index + name.Length) || Keywords.Contains(name.Value) || IsDuration(text, name.Index)) continue;
            if (name.Index > 0 && expr[name.Index - 1] == '$') continue; // a Grafana variable ($__rate_interval)
            var after = name.Index + name.Length;
            while (after < expr.Length && char.IsWhiteSpace(expr[after])) after++;
            var braces = after < expr.Length && expr[after] == '{' ? expr[after..(expr.IndexOf('}', after) + 1)] : "";
            if (!braces.Contains(matcher, StringComparison.Ordinal)) missing.Add(name.Value);
        }
        return missing;
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
