using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using MiniMarket.Core.Hosting;
using Npgsql;

namespace MiniMarket.Console.Data;

/// <summary>A person who signs in to the console. Roles: admin, encargado, guardia.</summary>
public sealed class ConsoleUser : IdentityUser
{
    public string? DisplayName { get; set; }
}

/// <summary>ASP.NET Core Identity's tables, in schema <c>console</c> of the MiniMarket database.</summary>
public sealed class ConsoleDbContext(DbContextOptions<ConsoleDbContext> options) : IdentityDbContext<ConsoleUser>(options)
{
    public const string Schema = "console";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDefaultSchema(Schema);
        builder.Entity<ConsoleUser>().Property(u => u.DisplayName).HasMaxLength(100);
    }
}

internal sealed class ConsoleDbContextFactory : IDesignTimeDbContextFactory<ConsoleDbContext>
{
    public ConsoleDbContext CreateDbContext(string[] args)
    {
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Database=minimarket");
        var options = new DbContextOptionsBuilder<ConsoleDbContext>();
        Database.Configure(options, dataSource, ConsoleDbContext.Schema);
        return new ConsoleDbContext(options.Options);
    }
}
