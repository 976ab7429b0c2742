using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiniMarket.Agents.Negocio.Migrations
{
    /// <inheritdoc />
    public partial class InvoiceUploadKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "upload_hash",
                schema: "negocio",
                table: "invoices",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "upload_key",
                schema: "negocio",
                table: "invoices",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_invoices_upload_key",
                schema: "negocio",
                table: "invoices",
                column: "upload_key",
                unique: true,
                filter: "upload_key is not null");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_invoices_upload_key",
                schema: "negocio",
                table: "invoices");

            migrationBuilder.DropColumn(
                name: "upload_hash",
                schema: "negocio",
                table: "invoices");

            migrationBuilder.DropColumn(
                name: "upload_key",
                schema: "negocio",
                table: "invoices");
        }
    }
}
