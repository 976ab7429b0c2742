using System.Globalization;
using MiniMarket.Console.Services;
using MiniMarket.Core.Hosting;

namespace MiniMarket.Console.Demo;

/// <summary>
/// After the demo history exists: trains the ml agent's models on it (as an admin), so forecasts, prices and model
/// quality have something to show from the first minute instead of after the first scheduled training.
/// </summary>
public sealed class MlDemoStep : IDemoSeedStep
{
    public int Order => 20;
    public string Name => "ml";

    public async Task<string> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var ml = services.GetRequiredService<IMlClient>();
        using var admin = AmbientUser.Act(AmbientUser.For("demo", Roles.Admin));
        var result = await ml.RetrainAsync(cancellationToken);
        // The agent's own scheduled training may be running (409): wait for it, a bounded number of times.
        for (var attempt = 0; attempt < 20 && result.Problem?.Status == 409; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            result = await ml.RetrainAsync(cancellationToken);
        }
        var report = result.Require("entrenar modelos");
        return string.Join(", ", report.Models.Select(m => string.Create(CultureInfo.InvariantCulture,
            $"{m.Model} v{m.Version} exactitud {m.AccuracyPercent:0.0} % ({(m.Promoted ? "en servicio" : "no promovido")})")));
    }
}
