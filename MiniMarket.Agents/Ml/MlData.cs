using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MiniMarket.Agents.Hosting;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Ml;

/// <summary>The ML agent's tables, in schema <c>ml</c>: trained model versions and their evaluation.</summary>
public sealed class MlDbContext(DbContextOptions<MlDbContext> options) : DbContext(options)
{
    public const string Schema = "ml";

    public DbSet<ModelVersionRow> ModelVersions => Set<ModelVersionRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfiguration(new ModelVersionRowConfiguration());
    }
}

public sealed class ModelVersionRow
{
    public int Id { get; set; }
    /// <summary>demand | price.</summary>
    public required string Kind { get; set; }
    public int Version { get; set; }
    public DateTimeOffset TrainedAt { get; set; }
    public DateTimeOffset? PromotedAt { get; set; }
    /// <summary>Where the model file is stored.</summary>
    public required string Path { get; set; }
    public int TrainingRows { get; set; }
    /// <summary>100 - MAPE on the time-based holdout, in percent.</summary>
    public decimal? AccuracyPercent { get; set; }
    /// <summary>Evaluation details (per horizon errors, feature ranges) as JSON.</summary>
    public string? EvaluationJson { get; set; }
}

internal sealed class ModelVersionRowConfiguration : IEntityTypeConfiguration<ModelVersionRow>
{
    public void Configure(EntityTypeBuilder<ModelVersionRow> builder)
    {
        builder.ToTable("model_versions", t => t.HasCheckConstraint("ck_model_versions_kind", "kind IN ('demand', 'price')"));
        builder.Property(m => m.Kind).HasMaxLength(20);
        builder.HasIndex(m => new { m.Kind, m.Version }).IsUnique();
        builder.Property(m => m.Path).HasMaxLength(500);
        builder.Property(m => m.AccuracyPercent).HasPrecision(6, 3);
        builder.Property(m => m.EvaluationJson).HasColumnType("jsonb");
    }
}

internal sealed class MlDbContextFactory() : DesignTimeDbContextFactory<MlDbContext>(MlDbContext.Schema, o => new MlDbContext(o));
