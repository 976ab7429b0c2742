using System.Text.Json.Nodes;

namespace MiniMarket.Agents.Tests.Fuzz;

/// <summary>What a value is, as far as the fuzz test needs to know, from its OpenAPI schema.</summary>
public enum ValueKind
{
    Text,
    WholeNumber,
    Number,
    Boolean,
    Uuid,
    Date,
    DateTime,
    Array,
    Record,
}

/// <summary>A parameter of an operation: in the path, the query string or a header.</summary>
public sealed record OperationParameter(string Name, string In, ValueKind Kind);

/// <summary>A property of a request body, with its nested object's properties or its array items' schema.</summary>
public sealed record BodyProperty(string Name, ValueKind Kind, IReadOnlyList<BodyProperty> Properties);

/// <summary>One operation of an agent's OpenAPI document.</summary>
public sealed record ApiOperation(string Agent, string Method, string Path, IReadOnlyList<OperationParameter> Parameters, IReadOnlyList<BodyProperty>? Body,
    bool HasUpload)
{
    public string Key => $"{Method} {Path}";

    public override string ToString() => $"{Agent} {Key}";
}

/// <summary>Reads the operations, their parameters and their JSON bodies (resolved through <c>$ref</c>) from an OpenAPI 3.1 document.</summary>
public static class OpenApiOperations
{
    public static IReadOnlyList<ApiOperation> Read(string agent, string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        var schemas = document["components"]?["schemas"]?.AsObject();
        var operations = new List<ApiOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is not ("get" or "post" or "put" or "delete" or "patch")) continue;
                var parameters = (operation!["parameters"]?.AsArray() ?? []).Select(p => new OperationParameter(
                    p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), KindOf(p["schema"], schemas))).ToList();
                var content = operation["requestBody"]?["content"]?.AsObject();
                var body = content?["application/json"]?["schema"] is { } schema ? PropertiesOf(schema, schemas, 0) : null;
                operations.Add(new ApiOperation(agent, method.ToUpperInvariant(), path, parameters, body,
                    HasUpload: content is not null && content["application/json"] is null));
            }
        }
        return operations;
    }

    private static JsonNode? Resolve(JsonNode? schema, JsonObject? schemas)
    {
        if (schema?["$ref"]?.GetValue<string>() is { } reference) return schemas?[reference.Split('/')[^1]];
        if (schema?["oneOf"]?.AsArray() is { } options)
            return Resolve(options.FirstOrDefault(o => o?["type"]?.GetValue<string>() != "null"), schemas);
        return schema;
    }

    private static string? TypeOf(JsonNode? schema) => schema?["type"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => null,
    };

    public static ValueKind KindOf(JsonNode? schema, JsonObject? schemas)
    {
        var resolved = Resolve(schema, schemas);
        var format = resolved?["format"]?.GetValue<string>();
        return TypeOf(resolved) switch
        {
            "integer" => ValueKind.WholeNumber,
            "number" => ValueKind.Number,
            "boolean" => ValueKind.Boolean,
            "array" => ValueKind.Array,
            "object" => ValueKind.Record,
            "string" when format == "uuid" => ValueKind.Uuid,
            "string" when format == "date" => ValueKind.Date,
            "string" when format == "date-time" => ValueKind.DateTime,
            // .NET writes a nullable string as {}: text.
            _ => resolved?["properties"] is not null ? ValueKind.Record : ValueKind.Text,
        };
    }

    private static List<BodyProperty> PropertiesOf(JsonNode schema, JsonObject? schemas, int depth)
    {
        var resolved = Resolve(schema, schemas);
        if (depth > 4 || resolved?["properties"]?.AsObject() is not { } properties) return [];
        return properties.Select(p =>
        {
            var kind = KindOf(p.Value, schemas);
            var nested = kind switch
            {
                ValueKind.Record => PropertiesOf(p.Value!, schemas, depth + 1),
                ValueKind.Array => Resolve(p.Value, schemas)?["items"] is { } items && KindOf(items, schemas) == ValueKind.Record
                    ? PropertiesOf(items, schemas, depth + 1) : [],
                _ => [],
            };
            return new BodyProperty(p.Key, kind, nested);
        }).ToList();
    }
}
