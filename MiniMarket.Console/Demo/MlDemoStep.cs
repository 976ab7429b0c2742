using System.Globalization;
using MiniMarket.Console.Services;
using MiniMarket.ServiceDefaults;

namespace MiniMarket.Console.Demo;

/// <summary>
/// After the demo history exists: trains the ml agent's models on all of it (as an admin), so forecasts, prices and model
/// quality have something to show from the first minute instead of after the first scheduled training. The scheduled
/// training waits for the history to stop changing, so it never trains on part of it; if it is training on the whole
/// history right now (409), this step waits for it and trains again. Either way the demo ends with a model trained on the
/// full history in service: the second of two trainings on the same data replaces the first, which saw its holdout weeks.
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
        // The agent's own scheduled training may be running (409): wait for it, a bounded number of times (a training of
        // the demo's 90 days takes seconds).
        for (var attempt = 0; attempt < 40 && result.Problem?.Status == 409; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
            result = await ml.RetrainAsync(cancellationToken);
        }
        var report = result.Require("entrenar modelos");
        return string.Join(", ", report.Models.Select(m => string.Create(CultureInfo.InvariantCulture,
            $"{m.Model} v{m.Version} exactitud {(m.AccuracyPercent is { } a ? $"{a:0.0} %" : "sin medir")}, {m.TrainingRows} filas de entrenamiento de {m.HistoryRows} de historia ({(m.Promoted ? "en servicio" : "no promovido")}: {m.Reason})")));
    }
}
