using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// Under ./run.sh a crashed agent or console starts again by itself, as compose's restart policy does (run.sh's
/// mm_supervise): a log line, a growing back-off, and stopping the stack stops both the loop and the service.
/// </summary>
public class RunShSupervisorTests
{
    private static async Task<string> RunAsync(string script)
    {
        var folder = Directory.CreateTempSubdirectory("mm-supervise-").FullName;
        try
        {
            var (exit, output) = await ProcessRunner.RunAsync("bash", ["-c", $"""
                source '{Path.Combine(RepositoryPaths.Root, "run.sh")}'
                MM_DATA='{folder}'
                T='{folder}'
                {script}
                """], timeout: TimeSpan.FromSeconds(60));
            Assert.True(exit == 0, output);
            return output;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AServiceThatKeepsCrashing_IsStartedAgain_WithAGrowingBackOff_AndSaidSo()
    {
        var output = await RunAsync("""
            mm_supervise flaky bash -c "echo start >> $T/starts; exit 3"
            sleep 4.5
            mm_stop_all
            echo "starts=$(wc -l < $T/starts)"
            """);

        // Started at 0 s, again after 1 s and after 2 more: three (a fourth would need 4 more seconds).
        Assert.Contains("starts=3", output, StringComparison.Ordinal);
        Assert.Contains("flaky exited with code 3; starting it again in 1 s", output, StringComparison.Ordinal);
        Assert.Contains("flaky exited with code 3; starting it again in 2 s", output, StringComparison.Ordinal);
        Assert.Contains("stopping flaky", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServiceKilledWithSignal9_IsBackInASecond_AndStoppingTheStackLeavesNothingRunning()
    {
        var output = await RunAsync("""
            mm_supervise steady bash -c "echo \$\$ >> $T/pids; exec sleep 300"
            sleep 0.5
            kill -9 "$(head -n 1 $T/pids)"
            sleep 2
            echo "pids=$(wc -l < $T/pids)"
            second=$(tail -n 1 $T/pids)
            kill -0 "$second" && echo "second-alive"
            mm_stop_all
            kill -0 "$second" 2>/dev/null && echo "second-still-alive" || echo "second-stopped"
            """);

        Assert.Contains("pids=2", output, StringComparison.Ordinal);
        Assert.Contains("second-alive", output, StringComparison.Ordinal);
        Assert.Contains("steady exited with code 137; starting it again in 1 s", output, StringComparison.Ordinal);
        Assert.Contains("second-stopped", output, StringComparison.Ordinal);
    }
}
