using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;

namespace MiniMarket.Agents.Ml.Forecasting;

/// <summary>What a demand model knows besides its trees; saved as JSON beside them.</summary>
internal sealed record DemandModelMetadata
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The training date: the model has seen the sales of the days before it.</summary>
    public DateOnly AsOf { get; init; }

    public DateTimeOffset TrainedAt { get; init; }

    public double TrainingSeconds { get; init; }

    /// <summary>First sales day of the training data: day 0 of the accumulated-inflation feature.</summary>
    public DateOnly Epoch { get; init; }

    public int MinHistoryDays { get; init; }

    public int LevelWindowDays { get; init; }

    /// <summary>Monthly rate of the accumulated-inflation feature, in percent (0: the feature is off).</summary>
    public double InflationFeaturePercent { get; init; }

    public required DemandEvaluation Evaluation { get; init; }

    /// <summary>[h − 1] = {p10, p90} ratios of actual / forecast for an h-day total, h = 1..holdout days.</summary>
    public required double[][] BandRatios { get; init; }

    /// <summary>The Mean7Ratio feature over the training origins, for feature drift.</summary>
    public required double[] ReferenceMean7Ratios { get; init; }

    /// <summary>Holdout actual / forecast ratios of 7-day totals, for error drift.</summary>
    public required double[] ReferenceResidualRatios { get; init; }

    /// <summary>Each product's kept sales; filled only in the file (a loaded model holds them as its series).</summary>
    public IReadOnlyList<ProductSeriesDto> Products { get; init; } = [];
}

internal sealed record ProductSeriesDto(int ProductId, DateOnly FirstDay, DateOnly WindowStart, int[] Units);

/// <summary>
/// The model file: a zip holding <c>metadata.json</c> (<see cref="DemandModelMetadata"/>, with each product's recent
/// sales) and <c>model.zip</c> (ML.NET's own format for the trees and the feature pipeline).
/// </summary>
internal static class DemandModelFile
{
    private const string MetadataEntry = "metadata.json";
    private const string ModelEntry = "model.zip";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Save(Stream stream, MLContext ml, ITransformer model, DataViewSchema schema, DemandModelMetadata metadata)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var entry = zip.CreateEntry(MetadataEntry, CompressionLevel.Optimal).Open())
        {
            JsonSerializer.Serialize(entry, metadata, Json);
        }

        // ML.NET writes its own zip and wants to seek; write it to memory first (it is stored, not compressed again).
        using var buffer = new MemoryStream();
        ml.Model.Save(model, schema, buffer);
        buffer.Position = 0;
        using var modelEntry = zip.CreateEntry(ModelEntry, CompressionLevel.NoCompression).Open();
        buffer.CopyTo(modelEntry);
    }

    /// <exception cref="InvalidDataException">The stream is not a demand model file of a known format version.</exception>
    public static (DemandModelMetadata Metadata, ITransformer Model, DataViewSchema Schema) Load(Stream stream, MLContext ml)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var metadataEntry = zip.GetEntry(MetadataEntry) ?? throw new InvalidDataException($"Not a demand model file: no {MetadataEntry}");
        var modelEntry = zip.GetEntry(ModelEntry) ?? throw new InvalidDataException($"Not a demand model file: no {ModelEntry}");
        DemandModelMetadata metadata;
        using (var json = metadataEntry.Open())
        {
            metadata = JsonSerializer.Deserialize<DemandModelMetadata>(json, Json)
                ?? throw new InvalidDataException("Empty demand model metadata");
        }

        if (metadata.FormatVersion != DemandModelMetadata.CurrentFormatVersion)
        {
            throw new InvalidDataException(
                $"Demand model format {metadata.FormatVersion} is not supported (this build reads {DemandModelMetadata.CurrentFormatVersion}); retrain the model");
        }

        using var buffer = new MemoryStream();
        using (var entry = modelEntry.Open())
        {
            entry.CopyTo(buffer);
        }

        buffer.Position = 0;
        var model = ml.Model.Load(buffer, out var schema);
        return (metadata, model, schema);
    }
}
