using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using MiniMarket.Console.Hosting;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Console.Tests;

/// <summary>
/// The README's "Console pages" table says who may open each page; the page's own authorization says the same, through the
/// one role table (<see cref="AccessMatrix"/>).
/// </summary>
public sealed partial class PageAccessTests
{
    [Fact]
    public void PolicyConstants_AreTheAccessMatrixNames()
    {
        Assert.Equal(Policies.Admin, AccessMatrix.ConsoleUsers.Policy);
        Assert.Equal(Policies.OnCall, AccessMatrix.ConsoleOnCall.Policy);
    }

    [Fact]
    public void ReadmeConsolePagesTable_NamesTheRolesEachPageAllows()
    {
        var readme = File.ReadAllLines(System.IO.Path.Combine(RepositoryPaths.Root, "README.md"));
        var start = Array.IndexOf(readme, "## Console pages");
        Assert.True(start >= 0, "README has no Console pages section");
        var rows = readme.Skip(start).SkipWhile(l => !l.StartsWith("| Page |", StringComparison.Ordinal)).Skip(2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)[1..^1]).ToList();
        var pages = typeof(MiniMarket.Console.Strings).Assembly.GetTypes().Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (Template: Normalize(r.Template), Page: t))).ToList();
        var checkedPaths = 0;
        foreach (var row in rows)
        {
            var documented = Documented(row[1]);
            foreach (Match path in PagePath().Matches(row[0]))
            {
                var template = Normalize(path.Groups[1].Value);
                var page = pages.SingleOrDefault(p => p.Template == template).Page
                    ?? throw new Xunit.Sdk.XunitException($"README names {path.Value}, but no page has that route");
                var policy = page.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Select(a => a.Policy).LastOrDefault(p => p is not null);
                var actual = policy is null ? Roles.People : AccessMatrix.All.Single(g => g.Policy == policy).Roles;
                Assert.True(documented.Order().SequenceEqual(actual.Order()),
                    $"{path.Value}: README says {string.Join(", ", documented)}; the page allows {string.Join(", ", actual)}");
                checkedPaths++;
            }
        }
        Assert.True(checkedPaths >= 15, $"only {checkedPaths} pages found in the README table");
    }

    /// <summary>"everyone" (any signed-in person, whatever follows in brackets), or a list like "guardia, admin".</summary>
    private static IReadOnlyList<string> Documented(string who) => who.StartsWith("everyone", StringComparison.Ordinal)
        ? Roles.People
        : who.Split(',', StringSplitOptions.TrimEntries).ToList();

    /// <summary>"/alertas/{Fingerprint}" and "/alertas/&lt;fingerprint&gt;" both become "/alertas/{}".</summary>
    private static string Normalize(string route) => Placeholder().Replace(route, "{}").TrimEnd('/') is { Length: > 0 } r ? r : "/";

    [GeneratedRegex("`(/[^`]*)`")]
    private static partial Regex PagePath();

    [GeneratedRegex("\\{[^}]*\\}|<[^>]*>")]
    private static partial Regex Placeholder();
}
