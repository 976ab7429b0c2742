using System.Text.RegularExpressions;

namespace MiniMarket.Observability.Tests;

/// <summary>compose.yaml cannot run here (no Docker engine): it is checked as data — it parses, has every part, pins every image, commits no secret.</summary>
public partial class ComposeTests
{
    private static readonly string ComposeFile = Path.Combine(MiniMarket.Testing.RepositoryPaths.Root, "compose.yaml");

    private static IReadOnlyDictionary<object, object> Services() =>
        ObservabilityFiles.Map(ObservabilityFiles.Map(ObservabilityFiles.Yaml(ComposeFile))["services"]);

    [Fact]
    public void Compose_HasEveryServiceOfTheStack()
    {
        string[] expected = ["postgres", "redis", "deposito", "negocio", "ml", "console", "prometheus", "alertmanager", "grafana", "loki", "alloy",
            "node-exporter", "postgres-exporter", "redis-exporter", "backup"];
        Assert.Empty(expected.Except(Services().Keys.Select(k => k.ToString()!)));
    }

    [Fact]
    public void EveryImage_IsPinnedToAVersion()
    {
        foreach (var (name, definition) in Services())
        {
            var service = ObservabilityFiles.Map(definition);
            var image = ObservabilityFiles.Text(service, "image");
            Assert.False(image is null, $"{name}: no image name");
            // Our own images: minimarket-agents:${MINIMARKET_VERSION:-1.0.0} (the release version, with a pinned default).
            var own = OwnVersion().Match(image!);
            var tag = own.Success ? own.Groups[1].Value : image.Contains(':', StringComparison.Ordinal) ? image[(image.LastIndexOf(':') + 1)..] : "";
            Assert.True(PinnedTag().IsMatch(tag), $"{name}: image {image} is not pinned to a version");
            Assert.DoesNotContain("latest", image, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void AppServices_HaveHealthchecksWithoutTokens_AndTheAgentsShareOneImage()
    {
        var services = Services();
        var agentImages = new[] { "deposito", "negocio", "ml" }.Select(s => ObservabilityFiles.Text(ObservabilityFiles.Map(services[s]), "image")).Distinct().ToList();
        Assert.Single(agentImages);
        foreach (var name in new[] { "deposito", "negocio", "ml", "console", "postgres", "redis", "prometheus", "alertmanager", "grafana" })
        {
            var service = ObservabilityFiles.Map(services[name]);
            Assert.True(service.ContainsKey("healthcheck"), name + ": no healthcheck");
            var test = string.Join(' ', ObservabilityFiles.List(ObservabilityFiles.Map(service["healthcheck"])["test"]));
            Assert.DoesNotContain("Authorization", test, StringComparison.OrdinalIgnoreCase);
            if (name is "deposito" or "negocio" or "ml" or "console") Assert.Contains("/health/", test, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Secrets_ComeFromFilesOrRequiredVariables_NeverFromTheFile()
    {
        var text = File.ReadAllText(ComposeFile);
        Assert.DoesNotMatch(@"(?im)^\s*[A-Z_]*PASSWORD[A-Z_]*\s*[:=]\s*[""']?[A-Za-z0-9!@#%^&*]{4,}[""']?\s*$", text);
        Assert.DoesNotContain("hooks.slack.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain("admin:admin", text, StringComparison.OrdinalIgnoreCase);
        var top = ObservabilityFiles.Map(ObservabilityFiles.Yaml(ComposeFile));
        var secrets = ObservabilityFiles.Map(top["secrets"]);
        Assert.Contains("postgres_password", secrets.Keys.Select(k => k.ToString()));
        Assert.Contains("./secrets/slack:/run/slack:ro", ObservabilityFiles.List(ObservabilityFiles.Map(Services()["alertmanager"])["volumes"]).Select(v => v.ToString()));
        Assert.All(secrets.Values.Select(ObservabilityFiles.Map), s => Assert.StartsWith("./secrets/", ObservabilityFiles.Text(s, "file"), StringComparison.Ordinal));
        Assert.True(top.ContainsKey("volumes"), "named volumes");
        var ignored = File.ReadAllText(Path.Combine(MiniMarket.Testing.RepositoryPaths.Root, ".gitignore"));
        Assert.Contains("secrets/*", ignored, StringComparison.Ordinal);
    }

    [Fact]
    public void ObservabilityConfigs_AreMountedFromTheRepository()
    {
        var text = File.ReadAllText(ComposeFile);
        foreach (var path in new[] { "./observability/prometheus", "./observability/alertmanager", "./observability/grafana/provisioning", "./observability/grafana/dashboards", "./observability/loki", "./observability/alloy" })
            Assert.Contains(path, text, StringComparison.Ordinal);
        Assert.Contains("retention_period: 720h", File.ReadAllText(Path.Combine(ObservabilityFiles.Root, "loki", "loki.yml")), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^minimarket-[a-z]+:\$\{MINIMARKET_VERSION:-([^}]+)\}$")]
    private static partial Regex OwnVersion();

    // 1.2, v2.53.1, 15.17-bookworm, 7.4.11-alpine, v1.87.0-alpine: at least major.minor.
    [GeneratedRegex(@"^v?[0-9]+\.[0-9]+(\.[0-9]+)?(-[a-z0-9.]+)?$")]
    private static partial Regex PinnedTag();
}
