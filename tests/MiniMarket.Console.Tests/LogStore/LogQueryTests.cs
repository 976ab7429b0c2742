using MiniMarket.Console.LogStore;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Tests.LogStore;

/// <summary>The LogQL the embedded store answers, with Loki's semantics; and what it refuses, said.</summary>
public class LogQueryTests
{
    private static readonly LogRecord Deposito = new(1, "deposito", "error", "cid-1", "Stock negativo para 7790001: rechazado",
        new Dictionary<string, string> { ["SourceContext"] = "MiniMarket.Deposito", ["StatusCode"] = "503" });
    private static readonly LogRecord Negocio = new(2, "negocio", "info", null, "{\"order\":\"OC-000012\",\"total\":1520.5,\"supplier\":{\"cuit\":\"30-1\"}}",
        new Dictionary<string, string>());
    private static readonly LogRecord Ml = new(3, "ml", null, null, "model=v12 took=850ms msg=\"retrained ok\"", new Dictionary<string, string>());

    private static bool Match(string logQl, LogRecord record) =>
        LogQuery.Parse(logQl).Matches(record, () => new Dictionary<string, string>(record.Labels, StringComparer.Ordinal));

    [Theory]
    [InlineData("{service_name=\"deposito\"}", true, false, false)]
    [InlineData("{service_name=~\"deposito|ml\"}", true, false, true)]
    [InlineData("{service_name=~\"dep\"}", false, false, false)] // anchored, as in Loki
    [InlineData("{service_name!=\"deposito\"}", false, true, true)]
    [InlineData("{service_name!~\"n.*\"}", true, false, true)]
    [InlineData("{service_name=~\".+\"}", true, true, true)]
    [InlineData("{service_name=~\".+\"} |= \"Stock\"", true, false, false)]
    [InlineData("{service_name=~\".+\"} |= \"stock\"", false, false, false)] // |= is case-sensitive
    [InlineData("{service_name=~\".+\"} |~ \"(?i)STOCK\"", true, false, false)]
    [InlineData("{service_name=~\".+\"} |~ \"neg\"", true, false, false)] // line regex not anchored
    [InlineData("{service_name=~\".+\"} != \"Stock\"", false, true, true)]
    [InlineData("{service_name=~\".+\"} !~ \"OC-[0-9]+\"", true, false, true)]
    [InlineData("{service_name=~\".+\"} |= \"Stock\" or \"model\"", true, false, true)]
    [InlineData("{service_name=~\".+\"} | detected_level=\"error\"", true, false, false)]
    [InlineData("{service_name=~\".+\"} | detected_level=\"\"", false, false, true)] // an absent label is ""
    [InlineData("{service_name=~\".+\"} | CorrelationId=\"cid-1\"", true, false, false)]
    [InlineData("{service_name=~\".+\"} | SourceContext=~\"MiniMarket\\\\..+\"", true, false, false)]
    [InlineData("{service_name=~\".+\"} | StatusCode >= 500", true, false, false)]
    [InlineData("{service_name=~\".+\"} | StatusCode < 500", false, false, false)] // not a number: no match
    [InlineData("{service_name=~\".+\"} | json | order=\"OC-000012\"", false, true, false)]
    [InlineData("{service_name=~\".+\"} | json | supplier_cuit=\"30-1\" | total > 1000", false, true, false)]
    [InlineData("{service_name=~\".+\"} | json | __error__=\"JSONParserErr\"", true, false, true)]
    [InlineData("{service_name=~\".+\"} | logfmt | model=\"v12\" | msg=\"retrained ok\"", false, false, true)]
    [InlineData("{service_name=`deposito`} |= `Stock`", true, false, false)]
    [InlineData("{}", true, true, true)]
    public void Matches_LikeLoki(string logQl, bool deposito, bool negocio, bool ml)
    {
        Assert.Equal(deposito, Match(logQl, Deposito));
        Assert.Equal(negocio, Match(logQl, Negocio));
        Assert.Equal(ml, Match(logQl, Ml));
    }

    [Theory]
    [InlineData("rate({service_name=\"ml\"}[5m])", "consulta de métricas")]
    [InlineData("sum by (level) (count_over_time({service_name=\"ml\"}[1m]))", "consulta de métricas")]
    [InlineData("{service_name=\"ml\"} | line_format \"{{.msg}}\"", "line_format")]
    [InlineData("{service_name=\"ml\"} | label_format a=b", "label_format")]
    [InlineData("{service_name=\"ml\"} | pattern \"<_> <msg>\"", "pattern")]
    [InlineData("{service_name=\"ml\"} | json a=\"b\"", "json")]
    [InlineData("{service_name=\"ml\"} | level=\"error\" or level=\"warn\"", "'and', 'or'")]
    [InlineData("{service_name=\"ml\"} | took > 1s", "duraciones")]
    [InlineData("{service_name=~\"(\"}", "Expresión regular inválida")]
    [InlineData("{service_name=~\"(a)\\\\1\"}", "Expresión regular inválida")] // backreferences: not RE2
    [InlineData("{service_name=\"ml\"", "'}'")]
    [InlineData("{service_name=\"ml}", "comilla")]
    [InlineData("{service_name=\"\\q\"}", "escape")]
    [InlineData("", "vacía")]
    [InlineData("{service_name=\"ml\"} foo", "Se esperaba un filtro")]
    public void Refused_SaysWhat(string logQl, string what)
    {
        var error = Assert.Throws<LogQlException>(() => LogQuery.Parse(logQl));
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryQueryTheConsoleBuilds_IsTranslated()
    {
        // The Logs page's filters, the alert's Logs link and Inicio's freshness check: none may be refused.
        string[] queries =
        [
            LogQl.Build(new LogFilter([], null, null, null)),
            LogQl.Build(new LogFilter(["deposito"], "error", "stock (negativo) [x] *\"y\" \\ z", "abc-\"1\"")),
            LogQl.Build(new LogFilter(["deposito", "negocio", "a.b|c"], "warn", "ñandú ÁRBOL", null)),
            LogQl.Build(LogQl.ForAlert(new Dictionary<string, string> { ["job"] = "postgres" })),
            Model.HomeViewModel.FreshnessQuery,
            Model.HomeViewModel.FreshnessQueryFor("casa-central"),
        ];
        foreach (var query in queries) LogQuery.Parse(query);
    }

    [Fact]
    public void TheConsolesTextFilter_IsLiteralAndCaseInsensitive_EvenForAccents()
    {
        var query = LogQl.Build(new LogFilter([], null, "ÁRBOL (x)", null));
        var record = Deposito with { Line = "se cayó el árbol (x) del depósito" };
        Assert.True(LogQuery.Parse(query).Matches(record, () => []));
        Assert.False(LogQuery.Parse(query).Matches(record with { Line = "árbol x" }, () => []));
    }
}
