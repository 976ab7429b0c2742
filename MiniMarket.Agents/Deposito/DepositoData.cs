using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MiniMarket.Agents.Hosting;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Deposito;

/// <summary>The warehouse's tables, in schema <c>deposito</c>. Only the deposito agent reads or writes them.</summary>
public sealed class DepositoDbContext(DbContextOptions<DepositoDbContext> options) : DbContext(options)
{
    public const string Schema = "deposito";

    public DbSet<CategoryRow> Categories => Set<CategoryRow>();
    public DbSet<ProductRow> Products => Set<ProductRow>();
    public DbSet<StockMovementRow> StockMovements => Set<StockMovementRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfiguration(new CategoryRowConfiguration());
        modelBuilder.ApplyConfiguration(new ProductRowConfiguration());
        modelBuilder.ApplyConfiguration(new StockMovementRowConfiguration());
    }
}

public sealed class CategoryRow
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

public sealed class ProductRow
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public int CategoryId { get; set; }
    public CategoryRow? Category { get; set; }
    public string? Barcode { get; set; }
    public int Stock { get; set; }
    public int MinStock { get; set; }
    public int MaxStock { get; set; }
    public decimal PurchasePrice { get; set; }
    public decimal SalePrice { get; set; }
    /// <summary>The supplier in negocio (its id there; no foreign key across agents).</summary>
    public Guid? SupplierId { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    /// <summary>PostgreSQL's xmin: optimistic concurrency for updates that don't lock the row.</summary>
    public uint Version { get; set; }
}

public sealed class StockMovementRow
{
    public long Id { get; set; }
    public int ProductId { get; set; }
    public ProductRow? Product { get; set; }
    /// <summary>entrada | salida | ajuste | transferencia.</summary>
    public required string Kind { get; set; }
    public int Quantity { get; set; }
    public int StockBefore { get; set; }
    public int StockAfter { get; set; }
    public string? Reason { get; set; }
    public string? Reference { get; set; }
    public decimal? UnitPrice { get; set; }
    public required string UserName { get; set; }
    public required string Agent { get; set; }
    public required string IdempotencyKey { get; set; }
    /// <summary>SHA-256 of the request body, to refuse the same key with a different body.</summary>
    public required string RequestHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class CategoryRowConfiguration : IEntityTypeConfiguration<CategoryRow>
{
    public void Configure(EntityTypeBuilder<CategoryRow> builder)
    {
        builder.ToTable("categories");
        builder.Property(c => c.Name).HasMaxLength(60);
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.UpdatedBy).HasMaxLength(100);
        // Also unique regardless of case: ux_categories_name_lower, created in the CategoryAudit migration (EF cannot
        // describe an index on an expression).
    }
}

internal sealed class ProductRowConfiguration : IEntityTypeConfiguration<ProductRow>
{
    public void Configure(EntityTypeBuilder<ProductRow> builder)
    {
        builder.ToTable("products", t =>
        {
            t.HasCheckConstraint("ck_products_stock_non_negative", "stock >= 0");
            t.HasCheckConstraint("ck_products_min_max", "min_stock >= 0 AND max_stock >= min_stock");
            t.HasCheckConstraint("ck_products_prices_positive", "purchase_price > 0 AND sale_price > 0");
        });
        builder.Property(p => p.Code).HasMaxLength(32);
        builder.HasIndex(p => p.Code).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.Property(p => p.Barcode).HasMaxLength(13);
        builder.HasIndex(p => p.Barcode).IsUnique();
        builder.Property(p => p.PurchasePrice).HasPrecision(14, 2);
        builder.Property(p => p.SalePrice).HasPrecision(14, 2);
        builder.Property(p => p.UpdatedBy).HasMaxLength(100);
        builder.Property(p => p.Version).IsRowVersion();
        builder.HasOne(p => p.Category).WithMany().HasForeignKey(p => p.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.CategoryId);
    }
}

internal sealed class StockMovementRowConfiguration : IEntityTypeConfiguration<StockMovementRow>
{
    public void Configure(EntityTypeBuilder<StockMovementRow> builder)
    {
        builder.ToTable("stock_movements", t =>
        {
            t.HasCheckConstraint("ck_movements_quantity_non_zero", "quantity <> 0");
            t.HasCheckConstraint("ck_movements_after", "stock_after = stock_before + quantity AND stock_after >= 0");
            t.HasCheckConstraint("ck_movements_kind", "kind IN ('entrada', 'salida', 'ajuste', 'transferencia')");
        });
        builder.Property(m => m.Kind).HasMaxLength(16);
        builder.Property(m => m.Reason).HasMaxLength(200);
        builder.Property(m => m.Reference).HasMaxLength(100);
        builder.Property(m => m.UnitPrice).HasPrecision(14, 2);
        builder.Property(m => m.UserName).HasMaxLength(100);
        builder.Property(m => m.Agent).HasMaxLength(20);
        builder.Property(m => m.IdempotencyKey).HasMaxLength(100);
        builder.HasIndex(m => m.IdempotencyKey).IsUnique();
        builder.Property(m => m.RequestHash).HasMaxLength(64);
        builder.HasOne(m => m.Product).WithMany().HasForeignKey(m => m.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => new { m.ProductId, m.CreatedAt });
        builder.HasIndex(m => m.CreatedAt);
    }
}

internal sealed class DepositoDbContextFactory() : DesignTimeDbContextFactory<DepositoDbContext>(DepositoDbContext.Schema, o => new DepositoDbContext(o));
