using System.Text;
using System.Text.Json.Nodes;

namespace MiniMarket.Agents.Tests.Fuzz;

/// <summary>
/// One wrong thing in an otherwise valid request. <see cref="Field"/> is what the refusal must name (null: any field);
/// <see cref="MustRefuse"/>: the request can never be valid, so it must be a 4xx and write nothing (a query or path value
/// may legitimately select nothing instead).
/// </summary>
public sealed record Mutation(string Where, string Label, string? Field, bool MustRefuse, Func<ValidRequest, HttpRequestMessage> Build);

/// <summary>The wrong values the fuzz test sends, by where they go and what the schema says they should be.</summary>
public static class Mutations
{
    private const string Unknown = "zzCampoDesconocido";

    public static IEnumerable<Mutation> For(ApiOperation operation)
    {
        var method = new HttpMethod(operation.Method);
        foreach (var parameter in operation.Parameters)
        {
            switch (parameter.In)
            {
                case "path":
                    foreach (var (label, raw) in PathValues)
                    {
                        yield return new Mutation("path " + parameter.Name, label, parameter.Name, false, valid =>
                            Request(method, ReplaceSegment(operation, valid.Path, parameter.Name, raw), valid.Body?.ToJsonString(), valid.Headers));
                    }
                    break;
                case "query":
                    foreach (var (label, raw) in QueryValues(parameter.Kind))
                    {
                        yield return new Mutation("query " + parameter.Name, label, parameter.Name, false, valid =>
                            Request(method, valid.Path + (valid.Path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + Uri.EscapeDataString(parameter.Name) + "=" + raw,
                                valid.Body?.ToJsonString(), valid.Headers));
                    }
                    break;
                case "header":
                    foreach (var (label, value) in HeaderValues)
                    {
                        yield return new Mutation("header " + parameter.Name, label, parameter.Name, true, valid =>
                            Request(method, valid.Path, valid.Body?.ToJsonString(), new Dictionary<string, string>(valid.Headers) { [parameter.Name] = value }));
                    }
                    break;
            }
        }
        if (operation.Body is { } body)
        {
            foreach (var mutation in BodyMutations(method, body)) yield return mutation;
        }
    }

    private static readonly (string Label, string Raw)[] PathValues =
    [
        ("letras", "abc"), ("negativo", "-1"), ("cero", "0"), ("enorme", "99999999999"), ("NUL", "%00"), ("RLO", "%E2%80%AE"),
        ("ANSI", "%1B%5B31m"), ("300 caracteres", new string('x', 300)),
    ];

    private static IEnumerable<(string Label, string Raw)> QueryValues(ValueKind kind) => kind switch
    {
        ValueKind.WholeNumber => [("letras", "abc"), ("decimal", "1.5"), ("2^31", "2147483648"), ("-2^31-1", "-2147483649"), ("cero", "0"), ("negativo", "-1"), ("vacío", "")],
        ValueKind.Number => [("letras", "abc"), ("1e400", "1e400"), ("NaN", "NaN"), ("vacío", "")],
        ValueKind.Boolean => [("quizás", "maybe"), ("2", "2"), ("vacío", "")],
        ValueKind.Date => [("letras", "abc"), ("9999-12-31", "9999-12-31"), ("0001-01-01", "0001-01-01"), ("30 de febrero", "2026-02-30"), ("vacío", "")],
        ValueKind.DateTime => [("letras", "abc"), ("año 9999", "9999-12-31T23%3A59%3A59Z"), ("año 1", "0001-01-01T00%3A00%3A00Z"), ("vacío", "")],
        ValueKind.Uuid => [("letras", "abc"), ("Guid vacío", "00000000-0000-0000-0000-000000000000"), ("vacío", "")],
        _ => [("NUL", "%00"), ("ANSI", "%1B%5B31m"), ("RLO", "%E2%80%AE"), ("BOM", "%EF%BB%BF"), ("3000 caracteres", new string('x', 3000)),
            ("comodín %", "%25"), ("comodín _", "_"), ("comilla", "%27"), ("barra invertida", "%5C"), ("vacío", "")],
    };

    private static readonly (string Label, string Value)[] HeaderValues = [("vacío", ""), ("200 caracteres", new string('k', 200))];

    private static IEnumerable<Mutation> BodyMutations(HttpMethod method, IReadOnlyList<BodyProperty> root)
    {
        // A body that is not the expected object: the refusal names the body, the media type or the first field missing.
        Mutation Whole(string label, string? json, string? contentType = "application/json") =>
            new("cuerpo", label, null, true, valid => Request(method, valid.Path, json, valid.Headers, contentType));

        yield return Whole("null", "null");
        yield return Whole("lista", "[]");
        yield return Whole("texto", "\"x\"");
        yield return Whole("JSON cortado", "{");
        yield return Whole("sin cuerpo", null);
        yield return Whole("texto plano", "hola", "text/plain");
        yield return new Mutation("cuerpo", "300 KB", "body", true, valid =>
        {
            var huge = valid.Body!.DeepClone().AsObject();
            huge[Unknown] = new string('x', 300_000);
            return Request(method, valid.Path, huge.ToJsonString(), valid.Headers);
        });
        if (root.Count > 0)
        {
            // The same field twice: which value would count depends on the reader, so it is refused.
            var first = root[0].Name;
            yield return new Mutation("cuerpo " + first, "campo repetido", first, true, valid =>
            {
                var json = valid.Body!.ToJsonString();
                var repeated = "{\"" + first + "\":" + (valid.Body![first]?.ToJsonString() ?? "null") + "," + json[1..];
                return Request(method, valid.Path, repeated, valid.Headers);
            });
        }
        foreach (var mutation in PropertyMutations(method, "", root)) yield return mutation;
    }

    private static IEnumerable<Mutation> PropertyMutations(HttpMethod method, string prefix, IReadOnlyList<BodyProperty> properties)
    {
        var objectPath = prefix.Length == 0 ? "" : prefix;
        yield return Set(method, Join(objectPath, Unknown), "campo desconocido", JsonValue.Create(1), Join(objectPath, Unknown));
        foreach (var property in properties)
        {
            var path = Join(prefix, property.Name);
            foreach (var (label, value) in Values(property.Kind)) yield return Set(method, path, label, value, path);
            if (property.Kind == ValueKind.Array)
            {
                yield return Set(method, path, "[null]", new JsonArray((JsonNode?)null), path);
                yield return new Mutation("cuerpo " + path, "1000 elementos", path, true, valid =>
                {
                    var body = valid.Body!.DeepClone();
                    var array = Find(body, path) as JsonArray;
                    var item = array is { Count: > 0 } ? array[0] : JsonValue.Create("x");
                    var many = new JsonArray();
                    for (var i = 0; i < 1000; i++) many.Add(item?.DeepClone());
                    Replace(body, path, many);
                    return Request(method, valid.Path, body.ToJsonString(), valid.Headers);
                });
                if (property.Properties.Count > 0)
                {
                    foreach (var nested in PropertyMutations(method, path + "[0]", property.Properties)) yield return nested;
                }
            }
            else if (property.Kind == ValueKind.Record && property.Properties.Count > 0)
            {
                foreach (var nested in PropertyMutations(method, path, property.Properties)) yield return nested;
            }
        }
    }

    private static IEnumerable<(string Label, JsonNode? Value)> Values(ValueKind kind) => kind switch
    {
        ValueKind.Text => [("número", JsonValue.Create(12345)), ("booleano", JsonValue.Create(true)), ("objeto", new JsonObject()), ("NUL", JsonValue.Create("a\u0000b")),
            ("ANSI", JsonValue.Create("a\u001b[31mb")), ("RLO", JsonValue.Create("\u202eabc")), ("BOM", JsonValue.Create("\ufeffabc")),
            ("5000 caracteres", JsonValue.Create(new string('x', 5000)))],
        ValueKind.WholeNumber => [("texto", JsonValue.Create("1")), ("decimal", JsonValue.Create(1.5m)), ("2^31", JsonValue.Create(2147483648L)),
            ("-2^31-1", JsonValue.Create(-2147483649L)), ("booleano", JsonValue.Create(true))],
        ValueKind.Number => [("texto", JsonValue.Create("1")), ("1e30", JsonValue.Create(1e30)), ("-1e30", JsonValue.Create(-1e30)), ("booleano", JsonValue.Create(true)),
            ("lista", new JsonArray())],
        ValueKind.Boolean => [("texto", JsonValue.Create("true")), ("número", JsonValue.Create(1))],
        ValueKind.Uuid => [("letras", JsonValue.Create("abc")), ("número", JsonValue.Create(5))],
        ValueKind.Date => [("letras", JsonValue.Create("abc")), ("9999-12-31", JsonValue.Create("9999-12-31")), ("0001-01-01", JsonValue.Create("0001-01-01")),
            ("número", JsonValue.Create(20261201))],
        ValueKind.DateTime => [("letras", JsonValue.Create("abc")), ("año 9999", JsonValue.Create("9999-12-31T23:59:59Z")),
            ("año 1", JsonValue.Create("0001-01-01T00:00:00Z")), ("número", JsonValue.Create(5))],
        ValueKind.Array => [("objeto", new JsonObject()), ("texto", JsonValue.Create("x"))],
        _ => [("lista", new JsonArray()), ("texto", JsonValue.Create("x")), ("número", JsonValue.Create(5))],
    };

    private static Mutation Set(HttpMethod method, string path, string label, JsonNode? value, string field) =>
        new("cuerpo " + path, label, field, true, valid =>
        {
            var body = valid.Body!.DeepClone();
            Replace(body, path, value?.DeepClone());
            return Request(method, valid.Path, body.ToJsonString(), valid.Headers);
        });

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    /// <summary>The node at "a.b[0].c" (null when a step is missing).</summary>
    private static JsonNode? Find(JsonNode? node, string path)
    {
        foreach (var step in path.Split('.'))
        {
            var (name, index) = Step(step);
            node = node?[name];
            if (index is { } i) node = node is JsonArray array && array.Count > i ? array[i] : null;
        }
        return node;
    }

    /// <summary>Sets the value at "a.b[0].c", creating nothing: a parent that is missing (null in the valid body) leaves the body as it is.</summary>
    private static void Replace(JsonNode body, string path, JsonNode? value)
    {
        var steps = path.Split('.');
        var parent = steps.Length == 1 ? body : Find(body, string.Join('.', steps[..^1]));
        var (name, index) = Step(steps[^1]);
        if (parent is not JsonObject obj) return;
        if (index is { } i)
        {
            if (obj[name] is JsonArray array && array.Count > i) array[i] = value;
        }
        else
        {
            obj[name] = value;
        }
    }

    private static (string Name, int? Index) Step(string step)
    {
        var bracket = step.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? (step, null) : (step[..bracket], int.Parse(step[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string ReplaceSegment(ApiOperation operation, string filledPath, string parameter, string raw)
    {
        // Rebuild from the template: every other parameter keeps the value of the valid request.
        var template = operation.Path.Split('/');
        var filled = filledPath.Split('?')[0].Split('/');
        for (var i = 0; i < template.Length && i < filled.Length; i++)
        {
            if (template[i] == "{" + parameter + "}") filled[i] = raw;
        }
        return string.Join('/', filled);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? json, IReadOnlyDictionary<string, string> headers, string? contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, contentType ?? "application/json");
        foreach (var (name, value) in headers)
        {
            // A fresh idempotency key per request: a refused one is never stored, but a key must not tie two tries together.
            var actual = name == "Idempotency-Key" && value.StartsWith("fuzz-", StringComparison.Ordinal) ? "fuzz-" + Guid.NewGuid().ToString("N") : value;
            request.Headers.TryAddWithoutValidation(name, actual);
        }
        return request;
    }
}
