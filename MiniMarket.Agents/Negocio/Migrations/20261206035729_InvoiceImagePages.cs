using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiniMarket.Agents.Negocio.Migrations
{
    /// <inheritdoc />
    public partial class InvoiceImagePages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // An invoice read from a photo had exactly one image: it keeps it, as page 1, and says it has one page.
            migrationBuilder.AddColumn<int>(
                name: "image_pages",
                schema: "negocio",
                table: "invoices",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.Sql("UPDATE negocio.invoices SET image_pages = 1 WHERE has_image;");

            migrationBuilder.DropColumn(
                name: "has_image",
                schema: "negocio",
                table: "invoices");

            migrationBuilder.DropPrimaryKey(
                name: "pk_invoice_images",
                schema: "negocio",
                table: "invoice_images");

            migrationBuilder.AddColumn<int>(
                name: "page",
                schema: "negocio",
                table: "invoice_images",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddPrimaryKey(
                name: "pk_invoice_images",
                schema: "negocio",
                table: "invoice_images",
                columns: new[] { "invoice_id", "page" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to one image per invoice: pages after the first are lost.
            migrationBuilder.Sql("DELETE FROM negocio.invoice_images WHERE page > 1;");

            migrationBuilder.DropPrimaryKey(
                name: "pk_invoice_images",
                schema: "negocio",
                table: "invoice_images");

            migrationBuilder.DropColumn(
                name: "page",
                schema: "negocio",
                table: "invoice_images");

            migrationBuilder.AddPrimaryKey(
                name: "pk_invoice_images",
                schema: "negocio",
                table: "invoice_images",
                column: "invoice_id");

            migrationBuilder.AddColumn<bool>(
                name: "has_image",
                schema: "negocio",
                table: "invoices",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.Sql("UPDATE negocio.invoices SET has_image = image_pages > 0;");

            migrationBuilder.DropColumn(
                name: "image_pages",
                schema: "negocio",
                table: "invoices");
        }
    }
}
