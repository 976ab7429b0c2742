using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MiniMarket.Agents.Tests.Ml;
using MiniMarket.Core.Contracts;
using MiniMarket.ServiceDefaults;
using MiniMarket.Testing;

namespace MiniMarket.Agents.Tests.Backups;

/// <summary>
/// ml's model files go through the backup schedule's files backup (backup/minimarket-backup.sh) and come back: an ml started
/// after the folder was lost and restored serves the version the database says is in service; one started without the
/// restore cannot (what restoring the files saves).
/// </summary>
[Collection(MlTrainingTests.Name)]
public sealed class ModelFilesBackupTests(MlHistoryFixture history) : IClassFixture<MlHistoryFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mm-models-backup-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static HttpClient Client(AgentsFactory agent)
    {
        var client = agent.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agent.TokenFor("ana", Roles.Admin));
        return client;
    }

    private Task<(int ExitCode, string Output)> ScriptAsync(params string[] arguments) =>
        BackupScript.RunAsync(BackupScript.FilesOnly(Path.Combine(_folder, "state"), Path.Combine(_folder, "models")), arguments);

    [Fact]
    public async Task RestoredModelFiles_ServeTheVersionInService_LostOnesCannot()
    {
        var models = Path.Combine(_folder, "models");
        var product = history.ProductIds[3];
        int inService;
        await using (var ml = history.Ml(("Ml:ModelDirectory", models)))
        {
            using var admin = Client(ml);
            (await admin.PostAsync("/api/v1/models/retrain", null)).EnsureSuccessStatusCode();
            inService = (await admin.GetFromJsonAsync<ModelsDto>("/api/v1/models"))!.Versions.Single(v => v.Model == "demand" && v.Current).Version;
        }
        Assert.Contains(Directory.GetFiles(models), f => Path.GetFileName(f) == $"demand-v{inService}.zip");
        var (exit, output) = await ScriptAsync("files");
        Assert.True(exit == 0, output);
        var tarball = Directory.GetFiles(Path.Combine(_folder, "state", "files"), "files-*.tar.gz").Single();
        Directory.Delete(models, recursive: true); // lost with the machine

        await using (var lost = history.Ml(("Ml:ModelDirectory", models)))
        {
            using var client = Client(lost);
            var forecast = await client.GetAsync($"/api/v1/forecasts/demand/{product}?horizon=7");
            Assert.NotEqual(HttpStatusCode.OK, forecast.StatusCode); // the version in service has no file
        }

        (exit, output) = await ScriptAsync("restore-files", tarball, _folder);
        Assert.True(exit == 0, output);
        await using var restored = history.Ml(("Ml:ModelDirectory", models));
        using var manager = Client(restored);
        // ml loads the version in service in the background at start: until then it answers 503 "no model yet" (bounded wait).
        var answer = await Poll.UntilAsync(() => manager.GetAsync($"/api/v1/forecasts/demand/{product}?horizon=7"),
            r => r.StatusCode != HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60), "the restored model loaded");
        Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync());
        Assert.Equal(inService, (await answer.Content.ReadFromJsonAsync<DemandForecastDto>())!.ModelVersion);
    }
}
