using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiniMarket.Agents.Deposito.Migrations
{
    /// <inheritdoc />
    public partial class CategoryAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "updated_at",
                schema: "deposito",
                table: "categories",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "updated_by",
                schema: "deposito",
                table: "categories",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            // Existing categories: last change = creation. Names unique regardless of case, enforced by PostgreSQL too.
            migrationBuilder.Sql("UPDATE deposito.categories SET updated_at = created_at;");
            migrationBuilder.Sql("CREATE UNIQUE INDEX ux_categories_name_lower ON deposito.categories (lower(name));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS deposito.ux_categories_name_lower;");

            migrationBuilder.DropColumn(
                name: "updated_at",
                schema: "deposito",
                table: "categories");

            migrationBuilder.DropColumn(
                name: "updated_by",
                schema: "deposito",
                table: "categories");
        }
    }
}
