using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using MiniMarket.ServiceDefaults;

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

internal sealed class ConsoleDbContextFactory() : DesignTimeDbContextFactory<ConsoleDbContext>(ConsoleDbContext.Schema, o => new ConsoleDbContext(o));
