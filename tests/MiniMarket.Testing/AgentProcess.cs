using System.Globalization;

namespace MiniMarket.Testing;

/// <summary>
/// An agent as the real binary (MiniMarket.Agents.dll, as run.sh and the image run it) in a process of its own on a fixed
/// loopback port, so that a test can kill it with signal 9 and start it again on the same address.
/// </summary>
public sealed class AgentProcess(string role, IReadOnlyDictionary<string, string> settings) : ManagedProcess("agent-" + role)
{
    public string Role { get; } = role;
    public int Port { get; } = TestServers.FreePort();
    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>Starts it (or again, after <see cref="ManagedProcess.StopAsync"/>) and waits until /health/ready answers 2xx.</summary>
    public Task StartAsync()
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["Agent__Role"] = Role,
            ["ASPNETCORE_URLS"] = Url.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["Jwt__SigningKey"] = TestServers.JwtSigningKey,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var bin = Path.GetDirectoryName(RepositoryPaths.BuildOutput("MiniMarket.Agents"))!;
        return StartProcessAsync("dotnet", [Path.Combine(bin, "MiniMarket.Agents.dll"), "--contentRoot", bin],
            () => AnswersAsync(new Uri(Url, "health/ready")), TimeSpan.FromSeconds(90), environment);
    }

    /// <summary>Killed with signal 9 (no shutdown, no flushing), as the OOM killer or a crash does.</summary>
    public Task KillAsync() => StopAsync();

    public override string ToString() => Role + " :" + Port.ToString(CultureInfo.InvariantCulture);
}
