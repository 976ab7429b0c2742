using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MiniMarket.Console.LogStore;

/// <summary>LogQL the embedded store cannot answer: the message says which part and why (the Logs page shows it).</summary>
public sealed class LogQlException(string message) : Exception(message);

/// <summary>
/// The part of LogQL the embedded store answers, parsed: a stream selector (<c>{a="x", b=~"y|z", c!="", d!~"…"}</c>) and a
/// pipeline of line filters (<c>|= != |~ !~</c>, with <c>or</c>), label filters (<c>| name = != =~ !~ "value"</c>, and numeric
/// <c>&gt; &gt;= &lt; &lt;= == !=</c> against a number) and the <c>json</c> and <c>logfmt</c> parsers. Matching follows Loki:
/// selector and label regexes are anchored, line regexes are not, an absent label is the empty string, and regexes are RE2
/// (.NET's non-backtracking engine: linear time, no backreferences or lookarounds, as in RE2). Metric queries
/// (<c>rate(…)</c>, <c>sum by …</c>) and other stages (<c>line_format</c>, <c>label_format</c>, <c>unwrap</c>, <c>drop</c>…)
/// are a <see cref="LogQlException"/> naming them — never silently dropped.
/// </summary>
public sealed partial class LogQuery
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private LogQuery(IReadOnlyList<Matcher> selector, IReadOnlyList<Stage> pipeline)
    {
        Selector = selector;
        Pipeline = pipeline;
    }

    public IReadOnlyList<Matcher> Selector { get; }
    public IReadOnlyList<Stage> Pipeline { get; }

    /// <summary>A label matcher of the selector or of a label filter.</summary>
    public sealed record Matcher(string Label, string Op, string Value, Regex? Pattern)
    {
        public bool Matches(string actual) => Op switch
        {
            "=" => actual == Value,
            "!=" => actual != Value,
            "=~" => Pattern!.IsMatch(actual),
            _ => !Pattern!.IsMatch(actual),
        };
    }

    public abstract record Stage;

    /// <summary><c>|= "a" or "b"</c>: the line contains (or, negated, contains none of) the texts or matches the regexes.</summary>
    public sealed record LineFilter(string Op, IReadOnlyList<string> Values, IReadOnlyList<Regex>? Patterns) : Stage
    {
        public bool Matches(string line) => Op switch
        {
            "|=" => Values.Any(v => line.Contains(v, StringComparison.Ordinal)),
            "!=" => !Values.Any(v => line.Contains(v, StringComparison.Ordinal)),
            "|~" => Patterns!.Any(p => p.IsMatch(line)),
            _ => !Patterns!.Any(p => p.IsMatch(line)),
        };
    }

    public sealed record LabelFilter(Matcher Matcher) : Stage;

    /// <summary><c>| status >= 500</c>: the label read as a number (a label that is not a number does not match).</summary>
    public sealed record NumericFilter(string Label, string Op, double Value) : Stage
    {
        public bool Matches(string actual) =>
            double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && Op switch
            {
                ">" => number > Value,
                ">=" => number >= Value,
                "<" => number < Value,
                "<=" => number <= Value,
                "==" => number == Value,
                _ => number != Value,
            };
    }

    public sealed record ParserStage(string Parser) : Stage;

    /// <summary>Parses <paramref name="logQl"/>.</summary>
    /// <exception cref="LogQlException">It is not a log query, or uses something the embedded store does not answer.</exception>
    public static LogQuery Parse(string logQl)
    {
        ArgumentNullException.ThrowIfNull(logQl);
        var p = new Parser(logQl);
        return p.Query();
    }

    /// <summary>Whether a line matches: selector, then every stage in order (parsers add the labels they find).</summary>
    public bool Matches(LogRecord record, Func<Dictionary<string, string>> labels)
    {
        Dictionary<string, string>? all = null;
        string Label(string name) => name switch
        {
            LogRecord.ServiceLabel => record.Service,
            LogRecord.LevelLabel => record.Level ?? "",
            LogRecord.CorrelationLabel => record.CorrelationId ?? "",
            _ => (all ??= labels()).TryGetValue(name, out var v) ? v : "",
        };
        foreach (var matcher in Selector)
            if (!matcher.Matches(Label(matcher.Label))) return false;
        foreach (var stage in Pipeline)
        {
            switch (stage)
            {
                case LineFilter line when !line.Matches(record.Line): return false;
                case LabelFilter label when !label.Matcher.Matches(Label(label.Matcher.Label)): return false;
                case NumericFilter number when !number.Matches(Label(number.Label)): return false;
                case ParserStage parser:
                    all ??= labels();
                    Extract(parser.Parser, record.Line, all);
                    break;
            }
        }
        return true;
    }

    /// <summary>The labels a parser stage adds (Loki's rules: names sanitised, nested JSON joined by '_', an existing label wins).</summary>
    private static void Extract(string parser, string line, Dictionary<string, string> labels)
    {
        if (parser == "json")
        {
            try
            {
                using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 16 });
                if (document.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException();
                Flatten(document.RootElement, "", labels);
            }
            catch (JsonException)
            {
                labels.TryAdd("__error__", "JSONParserErr");
            }
            return;
        }
        foreach (Match match in Logfmt().Matches(line))
        {
            var value = match.Groups[3].Success ? match.Groups[3].Value.Replace("\\\"", "\"", StringComparison.Ordinal) : match.Groups[4].Value;
            labels.TryAdd(OtlpLogs.LabelName(match.Groups[1].Value), value);
        }
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string> labels)
    {
        foreach (var property in element.EnumerateObject())
        {
            var name = OtlpLogs.LabelName(prefix.Length == 0 ? property.Name : prefix + "_" + property.Name);
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object: Flatten(property.Value, name, labels); break;
                case JsonValueKind.Array: break;
                case JsonValueKind.String: labels.TryAdd(name, property.Value.GetString()!); break;
                case JsonValueKind.Null: break;
                default: labels.TryAdd(name, property.Value.GetRawText()); break;
            }
        }
    }

    [GeneratedRegex("""([A-Za-z_][A-Za-z0-9_.\-]*)=("((?:[^"\\]|\\.)*)"|([^\s"]*))""")]
    private static partial Regex Logfmt();

    internal static Regex Compile(string pattern, bool anchored, string where)
    {
        // Go's named groups (?P<name>…) are (?<name>…) in .NET.
        var dotnet = pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
        try
        {
            return new Regex(anchored ? "^(?:" + dotnet + ")$" : dotnet,
                RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new LogQlException($"Expresión regular inválida en {where} ('{pattern}'): {ex.Message}");
        }
    }

    private sealed class Parser(string text)
    {
        private int _at;

        public LogQuery Query()
        {
            Space();
            if (_at >= text.Length) throw new LogQlException("La consulta LogQL está vacía.");
            if (text[_at] != '{')
            {
                var word = Regex.Match(text[_at..], @"^[A-Za-z_]+").Value;
                throw new LogQlException(word.Length > 0
                    ? $"'{word}(…)' es una consulta de métricas de LogQL: el almacén de logs de la consola solo responde consultas de líneas ({{…}} | filtros)."
                    : $"La consulta LogQL debe empezar por un selector {{…}} (posición {_at + 1}).");
            }
            var selector = Selector();
            var pipeline = new List<Stage>();
            while (true)
            {
                Space();
                if (_at >= text.Length) break;
                pipeline.Add(Stage());
            }
            return new LogQuery(selector, pipeline);
        }

        private List<Matcher> Selector()
        {
            Expect('{');
            var matchers = new List<Matcher>();
            Space();
            if (Peek('}'))
            {
                _at++;
                return matchers;
            }
            while (true)
            {
                Space();
                var label = Identifier("un nombre de etiqueta");
                Space();
                var op = Operator(["=~", "!~", "!=", "="], "=, !=, =~ o !~")!;
                Space();
                var value = StringLiteral();
                matchers.Add(MakeMatcher(label, op, value, "el selector"));
                Space();
                if (Peek(','))
                {
                    _at++;
                    continue;
                }
                Expect('}');
                return matchers;
            }
        }

        private Stage Stage()
        {
            foreach (var op in new[] { "|=", "!=", "|~", "!~" })
            {
                if (!text.AsSpan(_at).StartsWith(op, StringComparison.Ordinal)) continue;
                _at += op.Length;
                Space();
                var values = new List<string> { StringLiteral() };
                while (true)
                {
                    var save = _at;
                    Space();
                    if (Word("or"))
                    {
                        Space();
                        values.Add(StringLiteral());
                        continue;
                    }
                    _at = save;
                    break;
                }
                var patterns = op is "|~" or "!~" ? values.Select(v => Compile(v, anchored: false, "un filtro de línea")).ToList() : null;
                return new LineFilter(op, values, patterns);
            }
            if (!Peek('|')) throw new LogQlException($"Se esperaba un filtro (|=, !=, |~, !~) o una etapa '| …' en la posición {_at + 1}: '{Rest()}'.");
            _at++;
            Space();
            var start = _at;
            var name = Identifier("una etapa o una etiqueta");
            Space();
            if (name is "json" or "logfmt")
            {
                if (_at < text.Length && text[_at] != '|') throw new LogQlException($"La etapa '{name}' con parámetros no se traduce al almacén de logs de la consola: '{Rest()}'.");
                return new ParserStage(name);
            }
            if (name is "line_format" or "label_format" or "unwrap" or "drop" or "keep" or "decolorize" or "pattern" or "regexp" or "unpack" or "distinct")
                throw new LogQlException($"La etapa '| {name}' de LogQL no se traduce al almacén de logs de la consola; se puede usar con Loki (Observability:LokiUrl).");
            var numeric = Operator([">=", "<=", "==", "!=", ">", "<", "=~", "!~", "="], "un operador (=, !=, =~, !~, >, >=, <, <=, ==)", optional: true);
            if (numeric is null) throw new LogQlException($"'| {text[start.._at].Trim()}' no es una etapa que el almacén de logs de la consola traduzca.");
            Space();
            Stage stage;
            if (Peek('"') || Peek('`'))
            {
                if (numeric is ">" or ">=" or "<" or "<=" or "==")
                    throw new LogQlException($"'| {name} {numeric} \"…\"': la comparación {numeric} es numérica y lleva un número, no un texto.");
                stage = new LabelFilter(MakeMatcher(name, numeric!, StringLiteral(), "un filtro de etiqueta"));
            }
            else
            {
                var number = Regex.Match(text[_at..], @"^-?[0-9]+(\.[0-9]+)?(?![A-Za-z0-9_.])");
                if (!number.Success || numeric is "=~" or "!~")
                    throw new LogQlException($"'| {name} {numeric} {Rest()}': el almacén de logs de la consola compara etiquetas con un texto entre comillas o con un número (duraciones y bytes no se traducen).");
                _at += number.Length;
                stage = new NumericFilter(name, numeric == "=" ? "==" : numeric, double.Parse(number.Value, CultureInfo.InvariantCulture));
            }
            Space();
            if (_at < text.Length && (Word("and") || Word("or") || Peek(',')))
                throw new LogQlException("Los filtros de etiqueta combinados con 'and', 'or' o ',' no se traducen al almacén de logs de la consola: usá una etapa '| …' por condición.");
            return stage;
        }

        private static Matcher MakeMatcher(string label, string op, string value, string where) =>
            new(label, op, value, op is "=~" or "!~" ? Compile(value, anchored: true, where) : null);

        private string Identifier(string what)
        {
            var match = Regex.Match(text[_at..], @"^[A-Za-z_][A-Za-z0-9_]*");
            if (!match.Success) throw new LogQlException($"Se esperaba {what} en la posición {_at + 1}: '{Rest()}'.");
            _at += match.Length;
            return match.Value;
        }

        private string? Operator(string[] ops, string what, bool optional = false)
        {
            foreach (var op in ops)
            {
                if (!text.AsSpan(_at).StartsWith(op, StringComparison.Ordinal)) continue;
                _at += op.Length;
                return op;
            }
            return optional ? null : throw new LogQlException($"Se esperaba {what} en la posición {_at + 1}: '{Rest()}'.");
        }

        /// <summary>A Go string: "…" with escapes (\\ \" \n \t \r \uXXXX \xXX …) or `…` raw.</summary>
        private string StringLiteral()
        {
            if (Peek('`'))
            {
                var close = text.IndexOf('`', _at + 1);
                if (close < 0) throw new LogQlException("Falta el ` que cierra un texto.");
                var raw = text[(_at + 1)..close];
                _at = close + 1;
                return raw;
            }
            if (!Peek('"')) throw new LogQlException($"Se esperaba un texto entre comillas en la posición {_at + 1}: '{Rest()}'.");
            _at++;
            var sb = new StringBuilder();
            while (true)
            {
                if (_at >= text.Length) throw new LogQlException("Falta la comilla que cierra un texto.");
                var c = text[_at++];
                if (c == '"') return sb.ToString();
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }
                if (_at >= text.Length) throw new LogQlException("Un texto termina en '\\'.");
                var e = text[_at++];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'a': sb.Append('\a'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'v': sb.Append('\v'); break;
                    case '\\' or '"' or '\'': sb.Append(e); break;
                    case 'x': sb.Append((char)Hex(2)); break;
                    case 'u': sb.Append(char.ConvertFromUtf32(Hex(4))); break;
                    case 'U': sb.Append(char.ConvertFromUtf32(Hex(8))); break;
                    default: throw new LogQlException($"Secuencia de escape desconocida '\\{e}' en un texto (para una expresión regular, '\\\\{e}').");
                }
            }
        }

        private int Hex(int digits)
        {
            if (_at + digits > text.Length || !int.TryParse(text.AsSpan(_at, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
                || value is < 0 or > 0x10FFFF || value is >= 0xD800 and <= 0xDFFF)
                throw new LogQlException("Secuencia de escape hexadecimal inválida en un texto.");
            _at += digits;
            return value;
        }

        private bool Word(string word)
        {
            if (!text.AsSpan(_at).StartsWith(word, StringComparison.Ordinal)) return false;
            var end = _at + word.Length;
            if (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_')) return false;
            _at = end;
            return true;
        }

        private void Expect(char c)
        {
            if (!Peek(c)) throw new LogQlException($"Se esperaba '{c}' en la posición {_at + 1}: '{Rest()}'.");
            _at++;
        }

        private bool Peek(char c) => _at < text.Length && text[_at] == c;

        private void Space()
        {
            while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++;
        }

        private string Rest()
        {
            var rest = text[_at..];
            return rest.Length > 40 ? rest[..40] + "…" : rest;
        }
    }
}
