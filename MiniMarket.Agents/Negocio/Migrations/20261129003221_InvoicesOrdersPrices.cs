using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace MiniMarket.Agents.Negocio.Migrations
{
    /// <inheritdoc />
    public partial class InvoicesOrdersPrices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "invoices",
                schema: "negocio",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    type = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: true),
                    point_of_sale = table.Column<int>(type: "integer", nullable: true),
                    number = table.Column<int>(type: "integer", nullable: true),
                    issue_date = table.Column<DateOnly>(type: "date", nullable: true),
                    cae = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: true),
                    cae_due_date = table.Column<DateOnly>(type: "date", nullable: true),
                    issuer_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    issuer_cuit = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true),
                    issuer_iva_condition = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    issuer_address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    receiver_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    receiver_cuit = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true),
                    receiver_iva_condition = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    receiver_address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    lines = table.Column<string>(type: "jsonb", nullable: false),
                    subtotal = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    iva = table.Column<string>(type: "jsonb", nullable: false),
                    other_taxes = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    total = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: true),
                    supplier_id = table.Column<Guid>(type: "uuid", nullable: true),
                    ocr_confidence = table.Column<double>(type: "double precision", nullable: true),
                    confidence = table.Column<string>(type: "jsonb", nullable: false),
                    warnings = table.Column<string>(type: "jsonb", nullable: false),
                    has_image = table.Column<bool>(type: "boolean", nullable: false),
                    duplicate_key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    confirmed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    units_entered = table.Column<int>(type: "integer", nullable: true),
                    prices_pending = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoices", x => x.id);
                    table.CheckConstraint("ck_invoices_state", "state in ('borrador', 'confirmada', 'descartada')");
                });

            migrationBuilder.CreateTable(
                name: "markups",
                schema: "negocio",
                columns: table => new
                {
                    category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    markup_percent = table.Column<decimal>(type: "numeric(7,2)", precision: 7, scale: 2, nullable: false),
                    updated_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_markups", x => x.category);
                });

            migrationBuilder.CreateTable(
                name: "purchase_orders",
                schema: "negocio",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    supplier_id = table.Column<Guid>(type: "uuid", nullable: false),
                    supplier_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    origin = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    lines = table.Column<string>(type: "jsonb", nullable: false),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_purchase_orders", x => x.id);
                    table.CheckConstraint("ck_purchase_orders_state", "state in ('borrador', 'enviada', 'recibida', 'cancelada')");
                });

            migrationBuilder.CreateTable(
                name: "purchase_prices",
                schema: "negocio",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    product_id = table.Column<int>(type: "integer", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    unit_cost = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    quantity = table.Column<int>(type: "integer", nullable: false),
                    supplier_id = table.Column<Guid>(type: "uuid", nullable: true),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    document_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_purchase_prices", x => x.id);
                    table.CheckConstraint("ck_purchase_prices_cost", "unit_cost > 0");
                });

            migrationBuilder.CreateTable(
                name: "invoice_images",
                schema: "negocio",
                columns: table => new
                {
                    invoice_id = table.Column<Guid>(type: "uuid", nullable: false),
                    content_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    bytes = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoice_images", x => x.invoice_id);
                    table.ForeignKey(
                        name: "fk_invoice_images_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalSchema: "negocio",
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "order_receipts",
                schema: "negocio",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(90)", maxLength: 90, nullable: false),
                    lines = table.Column<string>(type: "jsonb", nullable: false),
                    received_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_receipts", x => x.id);
                    table.ForeignKey(
                        name: "fk_order_receipts_purchase_orders_order_id",
                        column: x => x.order_id,
                        principalSchema: "negocio",
                        principalTable: "purchase_orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_duplicate_key",
                schema: "negocio",
                table: "invoices",
                column: "duplicate_key",
                unique: true,
                filter: "duplicate_key is not null");

            migrationBuilder.CreateIndex(
                name: "ix_invoices_state_created_at",
                schema: "negocio",
                table: "invoices",
                columns: new[] { "state", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_supplier_id",
                schema: "negocio",
                table: "invoices",
                column: "supplier_id");

            migrationBuilder.CreateIndex(
                name: "ix_order_receipts_order_id_key",
                schema: "negocio",
                table: "order_receipts",
                columns: new[] { "order_id", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_purchase_orders_number",
                schema: "negocio",
                table: "purchase_orders",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_purchase_orders_state_supplier_id",
                schema: "negocio",
                table: "purchase_orders",
                columns: new[] { "state", "supplier_id" });

            migrationBuilder.CreateIndex(
                name: "ix_purchase_prices_document_id_product_id",
                schema: "negocio",
                table: "purchase_prices",
                columns: new[] { "document_id", "product_id" });

            migrationBuilder.CreateIndex(
                name: "ix_purchase_prices_product_id_day",
                schema: "negocio",
                table: "purchase_prices",
                columns: new[] { "product_id", "day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "invoice_images",
                schema: "negocio");

            migrationBuilder.DropTable(
                name: "markups",
                schema: "negocio");

            migrationBuilder.DropTable(
                name: "order_receipts",
                schema: "negocio");

            migrationBuilder.DropTable(
                name: "purchase_prices",
                schema: "negocio");

            migrationBuilder.DropTable(
                name: "invoices",
                schema: "negocio");

            migrationBuilder.DropTable(
                name: "purchase_orders",
                schema: "negocio");
        }
    }
}
