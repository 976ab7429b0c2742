using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests;

/// <summary>
/// The role matrix is one table (<see cref="AccessMatrix"/>): the README's "Roles" table says the same, and every agent
/// answers 403 to exactly the roles the table leaves out of each permission — people and services alike.
/// </summary>
public sealed class AccessMatrixTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    /// <summary>One request per agent permission that any holder may send without changing anything (refused by validation, or a read).</summary>
    private static readonly Dictionary<string, Func<HttpRequestMessage>> Representative = new()
    {
        [AccessMatrix.DepositoRead.Policy] = () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/categories"),
        [AccessMatrix.DepositoWrite.Policy] = () => Json(HttpMethod.Post, "/api/v1/categories", "{}"),
        [AccessMatrix.NegocioRead.Policy] = () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/suppliers"),
        [AccessMatrix.NegocioWrite.Policy] = () => Json(HttpMethod.Post, "/api/v1/suppliers", "{}"),
        [AccessMatrix.NegocioHistory.Policy] = () => Json(HttpMethod.Post, "/api/v1/invoices/history", "null"),
        [AccessMatrix.MlRead.Policy] = () => new HttpRequestMessage(HttpMethod.Get, "/api/v1/models"),
        [AccessMatrix.MlOcr.Policy] = () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/ocr/invoices") { Content = new StringContent("texto") },
        [AccessMatrix.MlTrain.Policy] = () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/models/retrain"),
    };

    private static HttpRequestMessage Json(HttpMethod method, string path, string body) =>
        new(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public static TheoryData<string> AgentPolicies => [.. AccessMatrix.All.Where(g => !g.Covers.StartsWith("consola", StringComparison.Ordinal)).Select(g => g.Policy)];

    [Fact]
    public void ReadmeRolesTable_SaysWhatTheAccessMatrixIs()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md"));
        var header = Array.FindIndex(readme, l => l.StartsWith("| Policy | Covers |", StringComparison.Ordinal));
        Assert.True(header >= 0, "README has no Roles table");
        var roles = readme[header].Split('|', StringSplitOptions.TrimEntries)[3..^1];
        Assert.Equal(Roles.All, roles);
        var rows = readme.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).Select(l => l.Split('|', StringSplitOptions.TrimEntries)[1..^1]).ToList();

        var documented = rows.Select(r => (Policy: r[0].Trim('`'), Covers: r[1], Roles: roles.Where((_, i) => r[2 + i] == "✓").ToList())).ToList();

        Assert.Equal(AccessMatrix.All.Select(g => g.Policy), documented.Select(d => d.Policy));
        foreach (var (grant, row) in AccessMatrix.All.Zip(documented))
        {
            Assert.Equal(grant.Covers, row.Covers);
            Assert.True(grant.Roles.Order().SequenceEqual(row.Roles.Order()), $"{grant.Policy}: code says {string.Join(", ", grant.Roles)}, README says {string.Join(", ", row.Roles)}");
        }
    }

    [Fact]
    public void EveryAgentPermission_HasARepresentativeRequest() =>
        Assert.Equal(AccessMatrix.All.Where(g => !g.Covers.StartsWith("consola", StringComparison.Ordinal)).Select(g => g.Policy).Order(), Representative.Keys.Order());

    [Theory, MemberData(nameof(AgentPolicies))]
    public async Task Agents_Answer403ExactlyToTheRolesLeftOut(string policy)
    {
        var grant = AccessMatrix.All.Single(g => g.Policy == policy);
        await using var agents = new AgentsFactory("all", database.ConnectionString);
        var issuer = agents.Services.GetRequiredService<TokenIssuer>();
        var wrong = new List<string>();
        foreach (var role in Roles.All)
        {
            using var client = agents.CreateClient();
            var token = Roles.People.Contains(role) ? issuer.ForUser("quien", [role]) : issuer.ForService(role);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            using var response = await client.SendAsync(Representative[policy]());
            var refused = response.StatusCode == HttpStatusCode.Forbidden;
            Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            if (refused == grant.Roles.Contains(role)) wrong.Add($"{role}: {(int)response.StatusCode}");
        }
        Assert.True(wrong.Count == 0, $"{policy} ({string.Join(", ", grant.Roles)}): " + string.Join(", ", wrong));
    }
}
