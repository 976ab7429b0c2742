using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MiniMarket.Agents.Hosting;
using MiniMarket.Core.Hosting;

namespace MiniMarket.Agents.Negocio;

/// <summary>The business agent's tables, in schema <c>negocio</c>.</summary>
public sealed class NegocioDbContext(DbContextOptions<NegocioDbContext> options) : DbContext(options)
{
    public const string Schema = "negocio";

    public DbSet<SupplierRow> Suppliers => Set<SupplierRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfiguration(new SupplierRowConfiguration());
    }
}

public sealed class SupplierRow
{
    public Guid Id { get; set; }
    /// <summary>Razón social.</summary>
    public required string Name { get; set; }
    /// <summary>The 11 digits, without dashes.</summary>
    public required string Cuit { get; set; }
    public required string IvaCondition { get; set; }
    public string? ContactName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    /// <summary>Categories and brands the supplier delivers, to pick one for a product that has none.</summary>
    public List<string> Supplies { get; set; } = [];
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class SupplierRowConfiguration : IEntityTypeConfiguration<SupplierRow>
{
    public void Configure(EntityTypeBuilder<SupplierRow> builder)
    {
        builder.ToTable("suppliers", t => t.HasCheckConstraint("ck_suppliers_cuit_digits", "cuit ~ '^[0-9]{11}$'"));
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.Property(s => s.Cuit).HasMaxLength(11).IsFixedLength();
        builder.HasIndex(s => s.Cuit).IsUnique();
        builder.Property(s => s.IvaCondition).HasMaxLength(40);
        builder.Property(s => s.ContactName).HasMaxLength(200);
        builder.Property(s => s.Email).HasMaxLength(200);
        builder.Property(s => s.Phone).HasMaxLength(50);
    }
}

internal sealed class NegocioDbContextFactory() : DesignTimeDbContextFactory<NegocioDbContext>(NegocioDbContext.Schema, o => new NegocioDbContext(o));
