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

/// <summary>
/// One step of the on-call's escalation matrix: for alerts of <see cref="Severity"/>, whom to call at <see cref="Level"/>
/// (1 first, 2 second) once <see cref="AfterMinutes"/> passed without a mitigation, and how to reach them.
/// </summary>
public sealed class EscalationContact
{
    public int Id { get; set; }
    public required string Severity { get; set; }
    public int Level { get; set; }
    public int AfterMinutes { get; set; }
    public required string Name { get; set; }
    public required string Role { get; set; }
    public string? Phone { get; set; }
    public string? Slack { get; set; }
    public string? Hours { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>ASP.NET Core Identity's tables and the escalation matrix, in schema <c>console</c> of the MiniMarket database.</summary>
public sealed class ConsoleDbContext(DbContextOptions<ConsoleDbContext> options) : IdentityDbContext<ConsoleUser>(options)
{
    public const string Schema = "console";

    public DbSet<EscalationContact> EscalationContacts => Set<EscalationContact>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDefaultSchema(Schema);
        builder.Entity<ConsoleUser>().Property(u => u.DisplayName).HasMaxLength(100);
        builder.Entity<EscalationContact>(e =>
        {
            e.ToTable("escalation_contacts");
            e.Property(c => c.Severity).HasMaxLength(16);
            e.Property(c => c.Name).HasMaxLength(100);
            e.Property(c => c.Role).HasMaxLength(100);
            e.Property(c => c.Phone).HasMaxLength(30);
            e.Property(c => c.Slack).HasMaxLength(60);
            e.Property(c => c.Hours).HasMaxLength(60);
            e.Property(c => c.UpdatedBy).HasMaxLength(256);
            e.HasIndex(c => new { c.Severity, c.Level });
        });
    }
}

internal sealed class ConsoleDbContextFactory() : DesignTimeDbContextFactory<ConsoleDbContext>(ConsoleDbContext.Schema, o => new ConsoleDbContext(o));
