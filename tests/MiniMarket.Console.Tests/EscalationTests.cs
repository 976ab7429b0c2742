using Microsoft.Extensions.DependencyInjection;
using MiniMarket.Console.Services;

namespace MiniMarket.Console.Tests;

/// <summary>
/// The escalation matrix an administrator keeps in the console: every field checked (nothing written when one is
/// wrong), kept in the console's database, listed by severity and level, changed and removed.
/// </summary>
public sealed class EscalationTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    private static EscalationInput Valid(string name = "Ana Pérez", string severity = "critical", int level = 1) =>
        new(null, severity, level, 10, name, "ingeniera responsable", "+54 11 5555-0101", "@ana", "24x7");

    [Theory]
    [InlineData("severity", null, 1, 10, "Ana", "rol", "+54 11 5555-0101", null)]
    [InlineData("severity", "urgent", 1, 10, "Ana", "rol", "+54 11 5555-0101", null)]
    [InlineData("level", "high", 3, 10, "Ana", "rol", "+54 11 5555-0101", null)]
    [InlineData("afterMinutes", "high", 1, -1, "Ana", "rol", "+54 11 5555-0101", null)]
    [InlineData("afterMinutes", "high", 1, 20000, "Ana", "rol", "+54 11 5555-0101", null)]
    [InlineData("name", "high", 1, 10, " ", "rol", "+54 11 5555-0101", null)]
    [InlineData("name", "high", 1, 10, "Ana\u0000", "rol", "+54 11 5555-0101", null)]
    [InlineData("role", "high", 1, 10, "Ana", null, "+54 11 5555-0101", null)]
    [InlineData("phone", "high", 1, 10, "Ana", "rol", "llamar a Ana", null)]
    [InlineData("phone", "high", 1, 10, "Ana", "rol", null, null)]
    [InlineData("slack", "high", 1, 10, "Ana", "rol", null, "ana")]
    public void Check_NamesTheWrongField(string field, string? severity, int level, int after, string? name, string? role, string? phone, string? slack)
    {
        var errors = EscalationDirectory.Check(new EscalationInput(null, severity, level, after, name, role, phone, slack, null));
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void Check_AValidStep_HasNoErrors() => Assert.Empty(EscalationDirectory.Check(Valid()));

    [Fact]
    public async Task Steps_AreKept_ListedBySeverityAndLevel_ChangedAndRemoved()
    {
        var directory = app.Console.Services.GetRequiredService<EscalationDirectory>();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        Assert.True((await directory.SaveAsync(Valid("Bruno " + suffix, "medium", 1), "admin")).Succeeded);
        Assert.True((await directory.SaveAsync(Valid("Carla " + suffix, "critical", 2) with { AfterMinutes = 30 }, "admin")).Succeeded);
        Assert.True((await directory.SaveAsync(Valid("Ana " + suffix, "critical", 1), "admin")).Succeeded);

        var mine = (await directory.ListAsync()).Where(s => s.Name.EndsWith(suffix, StringComparison.Ordinal)).ToList();
        Assert.Equal(["Ana " + suffix, "Carla " + suffix, "Bruno " + suffix], mine.Select(s => s.Name));
        Assert.Equal("admin", mine[0].UpdatedBy);

        // A wrong change writes nothing.
        var refused = await directory.SaveAsync(Valid("Ana " + suffix) with { Id = mine[0].Id, Phone = "x", Slack = null }, "admin");
        Assert.False(refused.Succeeded);
        Assert.Contains("phone", refused.Errors.Keys);
        Assert.Equal("+54 11 5555-0101", (await directory.ListAsync()).Single(s => s.Id == mine[0].Id).Phone);

        Assert.True((await directory.SaveAsync(Valid("Ana " + suffix) with { Id = mine[0].Id, Phone = "+54 11 4444-0000" }, "guardia-jefa")).Succeeded);
        var changed = (await directory.ForAsync("critical")).Single(s => s.Id == mine[0].Id);
        Assert.Equal(("+54 11 4444-0000", "guardia-jefa"), (changed.Phone, changed.UpdatedBy));

        foreach (var step in mine) Assert.True((await directory.DeleteAsync(step.Id)).Succeeded);
        Assert.False((await directory.DeleteAsync(mine[0].Id)).Succeeded);
        Assert.DoesNotContain(await directory.ListAsync(), s => s.Name.EndsWith(suffix, StringComparison.Ordinal));
        Assert.False((await directory.SaveAsync(Valid() with { Id = mine[0].Id }, "admin")).Succeeded);
    }
}
