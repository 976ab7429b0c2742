using System.Text.Json;

namespace MiniMarket.ServiceDefaults;

/// <summary>
/// What an RFC 9457 ProblemDetails body says, as the callers of a MiniMarket service read it: the title, the detail and
/// the messages per field (<c>errors</c>). One reader for the console and for an agent calling another.
/// </summary>
public sealed record ProblemBody(string? Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>
    /// The problem in <paramref name="body"/>, or null when the body is not a JSON object (an HTML error page from a proxy,
    /// plain text, an empty body). A field's messages may be an array or a single string; anything else is passed over.
    /// </summary>
    public static ProblemBody? Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return null;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in e.EnumerateObject())
                {
                    var messages = field.Value.ValueKind switch
                    {
                        JsonValueKind.Array => field.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray(),
                        JsonValueKind.String => [field.Value.GetString()!],
                        _ => null,
                    };
                    if (messages is { Length: > 0 }) errors[field.Name] = messages;
                }
            }
            return new ProblemBody(Text(root, "title"), Text(root, "detail"), errors);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
