using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MiniMarket.Agents.Hosting;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Agents.Negocio;

/// <summary>The business agent's tables, in schema <c>negocio</c>.</summary>
public sealed class NegocioDbContext(DbContextOptions<NegocioDbContext> options) : DbContext(options)
{
    public const string Schema = "negocio";

    public DbSet<SupplierRow> Suppliers => Set<SupplierRow>();
    public DbSet<InvoiceRow> Invoices => Set<InvoiceRow>();
    public DbSet<InvoiceImageRow> InvoiceImages => Set<InvoiceImageRow>();
    public DbSet<PurchasePriceRow> PurchasePrices => Set<PurchasePriceRow>();
    public DbSet<PurchaseOrderRow> Orders => Set<PurchaseOrderRow>();
    public DbSet<OrderReceiptRow> OrderReceipts => Set<OrderReceiptRow>();
    public DbSet<MarkupRow> Markups => Set<MarkupRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfiguration(new SupplierRowConfiguration());
        modelBuilder.ApplyConfiguration(new InvoiceRowConfiguration());
        modelBuilder.ApplyConfiguration(new InvoiceImageRowConfiguration());
        modelBuilder.ApplyConfiguration(new PurchasePriceRowConfiguration());
        modelBuilder.ApplyConfiguration(new PurchaseOrderRowConfiguration());
        modelBuilder.ApplyConfiguration(new OrderReceiptRowConfiguration());
        modelBuilder.ApplyConfiguration(new MarkupRowConfiguration());
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

/// <summary>Invoice states on the wire and in the table.</summary>
public static class InvoiceStates
{
    public const string Draft = "borrador";
    public const string Confirmed = "confirmada";
    public const string Discarded = "descartada";
}

/// <summary>Where an invoice came from: a photo read by ml, typed by a person, or loaded as history (its goods were already in stock).</summary>
public static class InvoiceSources
{
    public const string Ocr = "ocr";
    public const string Manual = "manual";
    public const string History = "historial";
}

/// <summary>A line of an invoice as stored (jsonb): what was read or typed, and the product it stands for.</summary>
public sealed record StoredInvoiceLine(
    string? Code, string? Description, decimal? Quantity, decimal? UnitPrice, decimal? Amount, decimal? IvaRatePercent,
    double Confidence, int? ProductId, string? ProductCode, string? ProductName, string? Match, double MatchScore);

public sealed class InvoiceRow
{
    public Guid Id { get; set; }
    public required string State { get; set; }
    public required string Source { get; set; }
    public string? Type { get; set; }
    public int? PointOfSale { get; set; }
    public int? Number { get; set; }
    public DateOnly? IssueDate { get; set; }
    public string? Cae { get; set; }
    public DateOnly? CaeDueDate { get; set; }
    public string? IssuerName { get; set; }
    public string? IssuerCuit { get; set; }
    public string? IssuerIvaCondition { get; set; }
    public string? IssuerAddress { get; set; }
    public string? ReceiverName { get; set; }
    public string? ReceiverCuit { get; set; }
    public string? ReceiverIvaCondition { get; set; }
    public string? ReceiverAddress { get; set; }
    public List<StoredInvoiceLine> Lines { get; set; } = [];
    public decimal? Subtotal { get; set; }
    public List<InvoiceIvaLineDto> Iva { get; set; } = [];
    public decimal? OtherTaxes { get; set; }
    public decimal? Total { get; set; }
    public Guid? SupplierId { get; set; }
    public double? OcrConfidence { get; set; }
    public Dictionary<string, double> Confidence { get; set; } = [];
    public List<OcrWarningDto> Warnings { get; set; } = [];
    /// <summary>How many pages of photo or scan the draft was read from (0: typed or loaded from history).</summary>
    public int ImagePages { get; set; }
    /// <summary>Supplier CUIT + type + point of sale + number, set when confirmed: the same invoice cannot be confirmed twice.</summary>
    public string? DuplicateKey { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? ConfirmedBy { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public int? UnitsEntered { get; set; }
    /// <summary>Confirmed, but deposito's product prices are not updated yet (it was down): a background job retries.</summary>
    public bool PricesPending { get; set; }
    /// <summary>The uploader's Idempotency-Key of a photo upload (null: none sent): the same key again answers this draft.</summary>
    public string? UploadKey { get; set; }
    /// <summary>SHA-256 of the uploaded pages, to refuse the same key with another photo.</summary>
    public string? UploadHash { get; set; }
}

internal sealed class InvoiceRowConfiguration : IEntityTypeConfiguration<InvoiceRow>
{
    public void Configure(EntityTypeBuilder<InvoiceRow> builder)
    {
        builder.ToTable("invoices", t => t.HasCheckConstraint("ck_invoices_state", "state in ('borrador', 'confirmada', 'descartada')"));
        builder.Property(i => i.State).HasMaxLength(20);
        builder.Property(i => i.Source).HasMaxLength(20);
        builder.Property(i => i.Type).HasMaxLength(1);
        builder.Property(i => i.Cae).HasMaxLength(14);
        builder.Property(i => i.IssuerName).HasMaxLength(200);
        builder.Property(i => i.IssuerCuit).HasMaxLength(11);
        builder.Property(i => i.IssuerIvaCondition).HasMaxLength(40);
        builder.Property(i => i.IssuerAddress).HasMaxLength(300);
        builder.Property(i => i.ReceiverName).HasMaxLength(200);
        builder.Property(i => i.ReceiverCuit).HasMaxLength(11);
        builder.Property(i => i.ReceiverIvaCondition).HasMaxLength(40);
        builder.Property(i => i.ReceiverAddress).HasMaxLength(300);
        builder.Property(i => i.DuplicateKey).HasMaxLength(40);
        builder.Property(i => i.CreatedBy).HasMaxLength(100);
        builder.Property(i => i.ConfirmedBy).HasMaxLength(100);
        builder.Property(i => i.Subtotal).HasPrecision(14, 2);
        builder.Property(i => i.OtherTaxes).HasPrecision(14, 2);
        builder.Property(i => i.Total).HasPrecision(14, 2);
        JsonColumn.Configure(builder.Property(i => i.Lines));
        JsonColumn.Configure(builder.Property(i => i.Iva));
        JsonColumn.Configure(builder.Property(i => i.Confidence));
        JsonColumn.Configure(builder.Property(i => i.Warnings));
        builder.HasIndex(i => i.DuplicateKey).IsUnique().HasFilter("duplicate_key is not null");
        builder.Property(i => i.UploadKey).HasMaxLength(100);
        builder.Property(i => i.UploadHash).HasMaxLength(64);
        builder.HasIndex(i => i.UploadKey).IsUnique().HasFilter("upload_key is not null");
        builder.HasIndex(i => new { i.State, i.CreatedAt });
        builder.HasIndex(i => i.SupplierId);
    }
}

/// <summary>A page of the photo or scan a draft was read from (numbered from 1), kept for the person who reviews it.</summary>
public sealed class InvoiceImageRow
{
    public Guid InvoiceId { get; set; }
    public int Page { get; set; } = 1;
    public required string ContentType { get; set; }
    public required byte[] Bytes { get; set; }
}

internal sealed class InvoiceImageRowConfiguration : IEntityTypeConfiguration<InvoiceImageRow>
{
    public void Configure(EntityTypeBuilder<InvoiceImageRow> builder)
    {
        builder.ToTable("invoice_images");
        builder.HasKey(i => new { i.InvoiceId, i.Page });
        builder.Property(i => i.ContentType).HasMaxLength(40);
        builder.HasOne<InvoiceRow>().WithMany().HasForeignKey(i => i.InvoiceId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Purchase price sources.</summary>
public static class PriceSources
{
    public const string Invoice = "factura";
    public const string Order = "orden";
    public const string History = "historial";
}

/// <summary>What a product cost on a day, from whom, and on which document: the base of replacement costs and sale prices.</summary>
public sealed class PurchasePriceRow
{
    public long Id { get; set; }
    public int ProductId { get; set; }
    public DateOnly Day { get; set; }
    public decimal UnitCost { get; set; }
    public int Quantity { get; set; }
    public Guid? SupplierId { get; set; }
    public required string Source { get; set; }
    public string? Reference { get; set; }
    public Guid? DocumentId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class PurchasePriceRowConfiguration : IEntityTypeConfiguration<PurchasePriceRow>
{
    public void Configure(EntityTypeBuilder<PurchasePriceRow> builder)
    {
        builder.ToTable("purchase_prices", t => t.HasCheckConstraint("ck_purchase_prices_cost", "unit_cost > 0"));
        builder.Property(p => p.UnitCost).HasPrecision(14, 2);
        builder.Property(p => p.Source).HasMaxLength(20);
        builder.Property(p => p.Reference).HasMaxLength(100);
        builder.HasIndex(p => new { p.ProductId, p.Day });
        builder.HasIndex(p => new { p.DocumentId, p.ProductId });
    }
}

/// <summary>A line of a purchase order as stored (jsonb).</summary>
public sealed record StoredOrderLine(int ProductId, string ProductCode, string ProductName, int Quantity, int Received, decimal UnitPrice);

public static class OrderOrigins
{
    public const string Automatic = "automatica";
    public const string Manual = "manual";
}

public sealed class PurchaseOrderRow
{
    public Guid Id { get; set; }
    public int Number { get; set; }
    public Guid SupplierId { get; set; }
    public required string SupplierName { get; set; }
    public required string State { get; set; }
    public required string Origin { get; set; }
    public List<StoredOrderLine> Lines { get; set; } = [];
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

internal sealed class PurchaseOrderRowConfiguration : IEntityTypeConfiguration<PurchaseOrderRow>
{
    public void Configure(EntityTypeBuilder<PurchaseOrderRow> builder)
    {
        builder.ToTable("purchase_orders", t => t.HasCheckConstraint("ck_purchase_orders_state", "state in ('borrador', 'enviada', 'recibida', 'cancelada')"));
        builder.Property(o => o.Number).UseIdentityAlwaysColumn();
        builder.HasIndex(o => o.Number).IsUnique();
        builder.Property(o => o.SupplierName).HasMaxLength(200);
        builder.Property(o => o.State).HasMaxLength(20);
        builder.Property(o => o.Origin).HasMaxLength(20);
        builder.Property(o => o.CreatedBy).HasMaxLength(100);
        JsonColumn.Configure(builder.Property(o => o.Lines));
        builder.HasIndex(o => new { o.State, o.SupplierId });
    }
}

public sealed record ReceivedLine(int ProductId, int Quantity);

/// <summary>One delivery received against an order, under the caller's idempotency key: a retry finds it and applies nothing.</summary>
public sealed class OrderReceiptRow
{
    public long Id { get; set; }
    public Guid OrderId { get; set; }
    public required string Key { get; set; }
    public List<ReceivedLine> Lines { get; set; } = [];
    public required string ReceivedBy { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}

internal sealed class OrderReceiptRowConfiguration : IEntityTypeConfiguration<OrderReceiptRow>
{
    public void Configure(EntityTypeBuilder<OrderReceiptRow> builder)
    {
        builder.ToTable("order_receipts");
        builder.Property(r => r.Key).HasMaxLength(90);
        builder.Property(r => r.ReceivedBy).HasMaxLength(100);
        JsonColumn.Configure(builder.Property(r => r.Lines));
        builder.HasIndex(r => new { r.OrderId, r.Key }).IsUnique();
        builder.HasOne<PurchaseOrderRow>().WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>A category's markup set through the API (it wins over the configured one).</summary>
public sealed class MarkupRow
{
    public required string Category { get; set; }
    public decimal MarkupPercent { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class MarkupRowConfiguration : IEntityTypeConfiguration<MarkupRow>
{
    public void Configure(EntityTypeBuilder<MarkupRow> builder)
    {
        builder.ToTable("markups");
        builder.HasKey(m => m.Category);
        builder.Property(m => m.Category).HasMaxLength(100);
        builder.Property(m => m.MarkupPercent).HasPrecision(7, 2);
        builder.Property(m => m.UpdatedBy).HasMaxLength(100);
    }
}

/// <summary>A value stored as jsonb (web JSON names), compared by content so that edits are saved.</summary>
internal static class JsonColumn
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Configure<T>(PropertyBuilder<T> property) where T : class, new()
    {
        property.HasColumnType("jsonb").HasConversion(
            value => JsonSerializer.Serialize(value, Json),
            text => JsonSerializer.Deserialize<T>(text, Json) ?? new T(),
            new ValueComparer<T>(
                (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                v => JsonSerializer.Serialize(v, Json).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Json), Json)!));
    }
}

internal sealed class NegocioDbContextFactory() : DesignTimeDbContextFactory<NegocioDbContext>(NegocioDbContext.Schema, o => new NegocioDbContext(o));
