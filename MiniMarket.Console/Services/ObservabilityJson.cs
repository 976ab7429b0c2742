using System.Text.Json;

namespace MiniMarket.Console.Services;

/// <summary>How the console reads the JSON of Prometheus, Alertmanager and Loki: records with System.Text.Json's web defaults.</summary>
internal static class ObservabilityJson
{
    /// <summary>camelCase names, matched without regard to case (Alertmanager's <c>generatorURL</c>, <c>silenceID</c>).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Reads an element as <typeparamref name="T"/>; a JSON null where a value is due is a <see cref="FormatException"/>.</summary>
    public static T Read<T>(JsonElement element) =>
        element.Deserialize<T>(Options) ?? throw new FormatException($"'{element.ValueKind}' donde se esperaba {typeof(T).Name}");
}
