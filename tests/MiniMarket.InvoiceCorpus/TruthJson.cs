using System.Text.Json;
using System.Text.Json.Serialization;
using MiniMarket.Core.Domain;

namespace MiniMarket.InvoiceCorpus;

/// <summary>JSON for <see cref="InvoiceTruth"/>: readable by people and by the benchmark.</summary>
internal static class TruthJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(), new CuitConverter(), new IvaRateConverter() },
    };

    public static string Serialize(InvoiceTruth truth) => JsonSerializer.Serialize(truth, Options);

    public static InvoiceTruth Deserialize(string json) =>
        JsonSerializer.Deserialize<InvoiceTruth>(json, Options) ?? throw new JsonException("The truth JSON is null");

    private sealed class CuitConverter : JsonConverter<Cuit>
    {
        public override Cuit Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Cuit.TryParse(reader.GetString(), out var cuit, out var error) ? cuit : throw new JsonException(error);

        public override void Write(Utf8JsonWriter writer, Cuit value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }

    private sealed class IvaRateConverter : JsonConverter<IvaRate>
    {
        public override IvaRate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            IvaRate.TryCreate(reader.GetDecimal(), out var rate) ? rate : throw new JsonException("Unknown IVA rate");

        public override void Write(Utf8JsonWriter writer, IvaRate value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.Percent);
    }
}
