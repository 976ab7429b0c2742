using System.Reflection;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Migrations;

/// <summary>
/// Rollback is safe only if the previous release runs on the new schema: migrations are expand-then-contract. A migration
/// added since the last release (released.txt) may add tables, columns, indexes and data, but not drop, rename or narrow
/// what the previous release reads; that happens in a later release, listed with its reason in contract-steps.txt.
/// Released migrations are never removed. Read from each migration's own operations (EF Core builds them from Up()).
/// </summary>
public class MigrationSafetyTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "tests", "MiniMarket.Agents.Tests", "Migrations");

    private static List<string> Lines(string file) => File.ReadAllLines(Path.Combine(Folder, file))
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    /// <summary>Every migration of the agents and the console, by id.</summary>
    private static Dictionary<string, Migration> AllMigrations() =>
        new[] { typeof(Agents.Hosting.AgentsHosting).Assembly, typeof(Console.Hosting.ConsoleHosting).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsSubclassOf(typeof(Migration)) && !t.IsAbstract && t.GetCustomAttribute<MigrationAttribute>() is not null)
            .ToDictionary(t => t.GetCustomAttribute<MigrationAttribute>()!.Id, t => (Migration)Activator.CreateInstance(t)!);

    /// <summary>What in a migration's Up() the previous release could trip on.</summary>
    public static IReadOnlyList<string> Destructive(Migration migration) => migration.UpOperations.SelectMany(operation => operation switch
    {
        DropTableOperation drop => [$"drops table {drop.Schema}.{drop.Name}"],
        DropColumnOperation drop => [$"drops column {drop.Table}.{drop.Name}"],
        RenameTableOperation rename => [$"renames table {rename.Schema}.{rename.Name} to {rename.NewName}"],
        RenameColumnOperation rename => [$"renames column {rename.Table}.{rename.Name} to {rename.NewName}"],
        DropSchemaOperation drop => [$"drops schema {drop.Name}"],
        AlterColumnOperation alter when !alter.IsNullable && alter.OldColumn.IsNullable && alter.DefaultValue is null && alter.DefaultValueSql is null =>
            [$"makes {alter.Table}.{alter.Name} required without a default (the previous release does not write it)"],
        AlterColumnOperation alter when alter.ClrType != alter.OldColumn.ClrType || alter.ColumnType != alter.OldColumn.ColumnType && alter.OldColumn.ColumnType is not null =>
            [$"changes the type of {alter.Table}.{alter.Name}"],
        SqlOperation sql when System.Text.RegularExpressions.Regex.IsMatch(sql.Sql, @"(?i)\b(drop|rename)\b") => [$"runs SQL that drops or renames: {sql.Sql.Trim()[..Math.Min(80, sql.Sql.Trim().Length)]}"],
        _ => (IEnumerable<string>)[],
    }).ToList();

    [Fact]
    public void ReleasedMigrations_AreStillThere()
    {
        var all = AllMigrations();
        Assert.All(Lines("released.txt"), id => Assert.True(all.ContainsKey(id), $"released migration {id} was removed or renamed"));
    }

    [Fact]
    public void MigrationsSinceTheLastRelease_OnlyExpand()
    {
        var released = Lines("released.txt").ToHashSet(StringComparer.Ordinal);
        var allowed = Lines("contract-steps.txt").Select(l => l.Split(' ', 2)[0]).ToHashSet(StringComparer.Ordinal);
        var all = AllMigrations();
        Assert.NotEmpty(all);
        foreach (var (id, migration) in all.Where(m => !released.Contains(m.Key) && !allowed.Contains(m.Key)))
        {
            var problems = Destructive(migration);
            Assert.True(problems.Count == 0,
                $"{id} {string.Join("; ", problems)}: the previous release would fail on the new schema (rollback). Expand now, contract in a later release (contract-steps.txt).");
        }
    }

    [Fact]
    public void TheRule_CatchesADropARenameAndARequiredColumn()
    {
        var problems = Destructive(new Contracting());

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("drops column products.old_code", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("renames column products.name to title", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("makes products.brand required", StringComparison.Ordinal));
        Assert.Empty(Destructive(new Expanding()));
    }

    /// <summary>The released migrations are what the previous release needs; they pass the rule too (adding only).</summary>
    [Fact]
    public void EveryUpOperation_IsReadable()
    {
        foreach (var (id, migration) in AllMigrations()) Assert.True(migration.UpOperations.Count > 0, id);
    }

    private sealed class Contracting : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(name: "old_code", table: "products");
            migrationBuilder.RenameColumn(name: "name", table: "products", newName: "title");
            migrationBuilder.AlterColumn<string>(name: "brand", table: "products", nullable: false, oldClrType: typeof(string), oldNullable: true);
        }
    }

    private sealed class Expanding : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(name: "brand", table: "products", nullable: true);
            migrationBuilder.CreateIndex(name: "ix_products_brand", table: "products", column: "brand");
        }
    }
}
