using System.Reflection;
using NetArchTest.Rules;

namespace MiniMarket.Architecture.Tests;

/// <summary>
/// The boundaries the compiler does not keep by itself: each agent stands alone (what two agents share lives in the agents'
/// hosting or in Core), Core depends on no host, and the console's models and services know nothing of its components.
/// Each rule names the types that break it.
/// </summary>
public class BoundaryTests
{
    private static readonly Assembly Agents = typeof(Agents.Hosting.AgentsHosting).Assembly;
    private static readonly Assembly Console = typeof(Console.Model.TimeRange).Assembly;
    private static readonly Assembly Core = typeof(Core.Domain.DomainException).Assembly;
    private static readonly Assembly ServiceDefaults = typeof(ServiceDefaults.HostingDefaults).Assembly;

    /// <summary>What makes a server: Core (domain and contracts) must use none of it.</summary>
    private static readonly string[] ServerStack =
    [
        "MiniMarket.ServiceDefaults", "Microsoft.AspNetCore", "Microsoft.Extensions.Hosting", "Microsoft.EntityFrameworkCore",
        "Npgsql", "StackExchange.Redis", "Serilog", "Prometheus", "Polly", "System.Net.Http",
    ];

    private static readonly string[] AgentNamespaces = ["MiniMarket.Agents.Deposito", "MiniMarket.Agents.Negocio", "MiniMarket.Agents.Ml"];

    public static TheoryData<string> EachAgent() => [.. AgentNamespaces];

    [Theory]
    [MemberData(nameof(EachAgent))]
    public void AnAgent_UsesNoOtherAgentsNamespace(string agent)
    {
        var others = AgentNamespaces.Where(a => a != agent).ToArray();

        var result = Types.InAssembly(Agents).That().ResideInNamespace(agent).ShouldNot().HaveDependencyOnAny(others).GetResult();

        Assert.True(result.IsSuccessful, Failing(result, $"{agent} uses {string.Join(" or ", others)}"));
    }

    /// <summary>The rule above can fail: the hosting, which composes the three agents, breaks it.</summary>
    [Fact]
    public void TheAgentRule_CatchesATypeThatUsesAnAgent()
    {
        var result = Types.InAssembly(Agents).That().ResideInNamespace("MiniMarket.Agents.Hosting").ShouldNot().HaveDependencyOnAny(AgentNamespaces).GetResult();

        Assert.False(result.IsSuccessful);
        Assert.Contains(typeof(Agents.Hosting.AgentsHosting).FullName, result.FailingTypeNames ?? []);
    }

    [Fact]
    public void Core_UsesNoHost()
    {
        var result = Types.InAssembly(Core).ShouldNot().HaveDependencyOnAny("MiniMarket.Agents", "MiniMarket.Console").GetResult();

        Assert.True(result.IsSuccessful, Failing(result, "MiniMarket.Core uses a host"));
    }

    [Fact]
    public void ServiceDefaults_UsesNoHost()
    {
        var result = Types.InAssembly(ServiceDefaults).ShouldNot().HaveDependencyOnAny("MiniMarket.Agents", "MiniMarket.Console").GetResult();

        Assert.True(result.IsSuccessful, Failing(result, "MiniMarket.ServiceDefaults uses a host"));
    }

    [Fact]
    public void Core_UsesNoServerStack()
    {
        var result = Types.InAssembly(Core).ShouldNot().HaveDependencyOnAny(ServerStack).GetResult();

        Assert.True(result.IsSuccessful, Failing(result, "MiniMarket.Core uses the server stack"));
    }

    /// <summary>Core references the base library only, so that the invoice corpus and the benchmarks get no server packages from it.</summary>
    [Fact]
    public void Core_ReferencesOnlyTheBaseLibrary()
    {
        var references = Core.GetReferencedAssemblies().Select(a => a.Name ?? "").Order().ToArray();

        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard",
            $"MiniMarket.Core references {name}"));
    }

    /// <summary>The server-stack rule can fail: ServiceDefaults, which is that stack, breaks it.</summary>
    [Fact]
    public void TheServerStackRule_CatchesATypeThatUsesIt()
    {
        var result = Types.InAssembly(ServiceDefaults).ShouldNot().HaveDependencyOnAny(ServerStack).GetResult();

        Assert.False(result.IsSuccessful);
        Assert.Contains(typeof(ServiceDefaults.HostingDefaults).FullName, result.FailingTypeNames ?? []);
    }

    [Theory]
    [InlineData("MiniMarket.Console.Model")]
    [InlineData("MiniMarket.Console.Services")]
    public void ConsoleModelAndServices_UseNoComponentsNorTheUiLibrary(string layer)
    {
        var result = Types.InAssembly(Console).That().ResideInNamespace(layer)
            .ShouldNot().HaveDependencyOnAny("MiniMarket.Console.Components", "MudBlazor", "Microsoft.JSInterop").GetResult();

        Assert.True(result.IsSuccessful, Failing(result, $"{layer} uses the console's components or its UI library"));
    }

    private static string Failing(TestResult result, string rule) =>
        $"{rule}: {string.Join(", ", result.FailingTypeNames ?? [])}";
}
