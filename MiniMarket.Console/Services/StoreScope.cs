using System.Text;

namespace MiniMarket.Console.Services;

/// <summary>
/// The store the console's figures are about. Every series read from the chain's store (Mimir) carries <c>store</c>, the
/// store Prometheus' external label; a store's own Prometheus keeps its series without it (external labels are added on
/// the way out: remote write, alerts). So the console's own store matches <c>store=~"id|"</c> — its series in either
/// place — and another store <c>store="id"</c>, which its own Prometheus never has: asked there, the answer is empty
/// ("sin datos"), never this store's figures shown as another's.
/// </summary>
public sealed record StoreScope(string Id, bool Own)
{
    /// <summary>The label matcher every selector of a query gets.</summary>
    public string Matcher => Own
        ? $"store=~\"{PromQl.EscapeLabelValue(System.Text.RegularExpressions.Regex.Escape(Id))}|\""
        : PromQl.LabelMatcher("store", Id);

    /// <summary>Whether a series or an alert with these labels is this store's.</summary>
    public bool Holds(IReadOnlyDictionary<string, string> labels) =>
        labels.GetValueOrDefault("store") is { Length: > 0 } store ? string.Equals(store, Id, StringComparison.Ordinal) : Own;

    /// <summary><paramref name="promQl"/> reading this store's series only (<see cref="PromQlSelectors.AddMatcher"/>).</summary>
    public string Apply(string promQl) => PromQlSelectors.AddMatcher(promQl, Matcher);
}

/// <summary>
/// Adds a label matcher to every series selector of a PromQL expression, the way prom-label-proxy enforces a label, with a
/// lexer rather than the full parser: strings, comments, ranges (<c>[5m]</c>, <c>[1h:1m]</c>), numbers and durations are
/// copied as they are; an existing matcher block <c>{…}</c> gets the matcher first; a bare metric name gets
/// <c>{matcher}</c>; function and aggregation names, keywords and the label lists of <c>by</c>, <c>without</c>,
/// <c>on</c>, <c>ignoring</c>, <c>group_left</c> and <c>group_right</c> are left alone.
/// </summary>
public static class PromQlSelectors
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "bool", "offset", "and", "or", "unless", "atan2", "inf", "nan",
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio",
    };

    private static readonly HashSet<string> LabelListKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right",
    };

    public static string AddMatcher(string promQl, string matcher)
    {
        ArgumentNullException.ThrowIfNull(promQl);
        var text = promQl;
        var sb = new StringBuilder(text.Length + 64);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '\'' or '`')
            {
                i = CopyString(text, i, sb);
            }
            else if (c == '#')
            {
                var end = text.IndexOf('\n', i);
                end = end < 0 ? text.Length : end;
                sb.Append(text, i, end - i);
                i = end;
            }
            else if (c == '{')
            {
                sb.Append('{').Append(matcher);
                var next = SkipSpaces(text, i + 1);
                if (next < text.Length && text[next] != '}') sb.Append(',');
                i = CopyUntil(text, i + 1, '}', sb);
            }
            else if (c == '[')
            {
                sb.Append('[');
                i = CopyUntil(text, i + 1, ']', sb);
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '_')) i++;
                sb.Append(text, start, i - start);
            }
            else if (char.IsAsciiLetter(c) || c is '_' or ':')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or ':')) i++;
                var word = text[start..i];
                sb.Append(word);
                var next = SkipSpaces(text, i);
                var opensCall = next < text.Length && text[next] == '(';
                if (LabelListKeywords.Contains(word))
                {
                    if (opensCall)
                    {
                        sb.Append(text, i, next - i).Append('(');
                        i = CopyUntil(text, next + 1, ')', sb);
                    }
                }
                else if (!Keywords.Contains(word) && !opensCall && !(next < text.Length && text[next] == '{'))
                {
                    sb.Append('{').Append(matcher).Append('}');
                }
            }
            else
            {
                sb.Append(c);
                i++;
            }
        }
        return sb.ToString();
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        return i;
    }

    /// <summary>Copies up to and including <paramref name="close"/> (strings inside copied whole); returns the index after it.</summary>
    private static int CopyUntil(string text, int i, char close, StringBuilder sb)
    {
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '\'' or '`')
            {
                i = CopyString(text, i, sb);
                continue;
            }
            sb.Append(c);
            i++;
            if (c == close) break;
        }
        return i;
    }

    /// <summary>Copies a quoted string (backslash escapes in "" and '', none in ``); returns the index after its closing quote.</summary>
    private static int CopyString(string text, int i, StringBuilder sb)
    {
        var quote = text[i];
        var start = i++;
        while (i < text.Length && text[i] != quote)
        {
            i += quote != '`' && text[i] == '\\' ? 2 : 1;
        }
        i = Math.Min(i + 1, text.Length);
        sb.Append(text, start, i - start);
        return i;
    }
}
