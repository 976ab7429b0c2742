using System.Text.RegularExpressions;
using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// What `docker compose up` needs and cannot be run here (no Docker engine), checked as data: the images build from what
/// the build context holds, every mounted path exists, every variable is defaulted or required with a message, every
/// long-running container is pinned, restarted, limited and health-checked, secrets made as secrets/README.md says are
/// readable by the containers' users, and links and versions come from the deployment.
/// </summary>
public partial class DeploymentTests
{
    private static readonly string Root = RepositoryPaths.Root;
    private static readonly string ComposeFile = Path.Combine(Root, "compose.yaml");

    public static TheoryData<string> Dockerfiles() => ["MiniMarket.Agents/Dockerfile", "MiniMarket.Console/Dockerfile"];

    private static IReadOnlyDictionary<object, object> Compose() => ObservabilityFiles.Map(ObservabilityFiles.Yaml(ComposeFile));

    private static IEnumerable<(string Name, IReadOnlyDictionary<object, object> Service)> Services() =>
        ObservabilityFiles.Map(Compose()["services"]).Select(s => (s.Key.ToString()!, ObservabilityFiles.Map(s.Value)));

    /// <summary>Instructions with their continuation lines joined.</summary>
    private static IEnumerable<string> Instructions(string dockerfile) =>
        Continuation().Replace(File.ReadAllText(Path.Combine(Root, dockerfile)), " ").Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void EveryCopySource_ExistsAndIsInTheBuildContext(string dockerfile)
    {
        var ignore = new DockerIgnore(File.ReadAllText(Path.Combine(Root, ".dockerignore")));
        var copies = Instructions(dockerfile).Where(i => i.StartsWith("COPY ", StringComparison.Ordinal) && !i.Contains("--from=", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            var words = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
            foreach (var source in words.SkipLast(1))
            {
                var path = Path.Combine(Root, source);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{dockerfile}: COPY {source}: no such file or folder");
                Assert.False(ignore.Excludes(source), $"{dockerfile}: COPY {source}: .dockerignore leaves it out of the build context");
                if (Directory.Exists(path))
                {
                    var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'));
                    Assert.True(files.Any(f => !ignore.Excludes(f)), $"{dockerfile}: COPY {source}: every file in it is left out by .dockerignore");
                }
            }
        }
    }

    [Fact]
    public void TheDockerIgnoreReading_CanFail()
    {
        var ignore = new DockerIgnore("# build output\n**/bin\nobservability\n!observability/runbooks\ntests/*\n!tests/MiniMarket.InvoiceCorpus\n");

        Assert.True(ignore.Excludes("MiniMarket.Core/bin/Debug/x.dll"));
        Assert.True(ignore.Excludes("observability/prometheus/prometheus.yml"));
        Assert.False(ignore.Excludes("observability/runbooks/ServiceDown.md"));
        Assert.True(ignore.Excludes("tests/MiniMarket.Core.Tests/CuitTests.cs"));
        Assert.False(ignore.Excludes("tests/MiniMarket.InvoiceCorpus/InvoiceLayouts.cs"));
        Assert.False(ignore.Excludes("MiniMarket.Core/Domain/Cuit.cs"));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void BaseImages_ArePinnedToAPatchVersion(string dockerfile)
    {
        var images = Instructions(dockerfile).Where(i => i.StartsWith("FROM ", StringComparison.Ordinal)).Select(i => i.Split(' ')[1]).ToList();
        Assert.NotEmpty(images);
        Assert.All(images, image => Assert.Matches(@":[0-9]+\.[0-9]+\.[0-9]+(-[a-z0-9]+)?$", image));
    }

    [Fact]
    public void EveryBindMount_ExistsInTheRepository()
    {
        foreach (var (name, service) in Services())
        {
            if (!service.TryGetValue("volumes", out var volumes)) continue;
            foreach (var volume in ObservabilityFiles.List(volumes).Select(v => v.ToString()!))
            {
                var source = volume.Split(':')[0];
                // ./secrets/ is made by secrets/README.md's commands (checked below), never committed.
                if (!source.StartsWith("./", StringComparison.Ordinal) || source.StartsWith("./secrets/", StringComparison.Ordinal)) continue;
                var path = Path.Combine(Root, source[2..]);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{name}: mounts {source}, which is not in the repository");
            }
        }
    }

    [Fact]
    public void EveryVariable_HasADefault_OrStopsComposeWithAMessage()
    {
        var text = string.Join('\n', File.ReadAllLines(ComposeFile).Where(l => !l.TrimStart().StartsWith('#')));
        var uses = Variable().Matches(text).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(uses);
        Assert.All(uses, use => Assert.Matches(@"^[A-Z0-9_]+(:-.*|:\?.{10,})$", use));
        Assert.DoesNotMatch(@"(?<!\$)\$[A-Za-z_]", text.Replace("$$", "", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryService_RestartsAndHasMemoryAndCpuLimits()
    {
        foreach (var (name, service) in Services())
        {
            Assert.True(ObservabilityFiles.Text(service, "restart") is "unless-stopped" or "always", $"{name}: no restart policy");
            var limits = service.TryGetValue("deploy", out var deploy)
                && ObservabilityFiles.Map(deploy).TryGetValue("resources", out var resources)
                && ObservabilityFiles.Map(resources).TryGetValue("limits", out var l) ? ObservabilityFiles.Map(l) : null;
            Assert.True(limits is not null, $"{name}: no deploy.resources.limits");
            Assert.Matches(@"^[0-9]+[mMgG]$", ObservabilityFiles.Text(limits!, "memory") ?? "");
            Assert.Matches(@"^[0-9]+(\.[0-9]+)?$", ObservabilityFiles.Text(limits!, "cpus") ?? "");
        }
    }

    /// <summary>Services whose image has no program to probe with, and how their health is known instead.</summary>
    private static readonly Dictionary<string, string> NoHealthcheck = new()
    {
        ["loki"] = "distroless image (no shell, wget or curl): the console's Salud and the smoke test read http://loki:3100/ready",
        ["alloy"] = "no HTTP client in the image: Prometheus scrapes alloy:12345 (its up series)",
    };

    [Fact]
    public void EveryLongRunningService_HasAHealthcheck_OrASaidReason()
    {
        foreach (var (name, service) in Services())
        {
            if (NoHealthcheck.ContainsKey(name)) continue;
            Assert.True(service.ContainsKey("healthcheck"), $"{name}: no healthcheck");
        }
    }

    [Fact]
    public void Prometheus_LifecycleApi_IsNotOpen()
    {
        var prometheus = Services().Single(s => s.Name == "prometheus").Service;
        Assert.DoesNotContain("--web.enable-lifecycle", ObservabilityFiles.List(prometheus["command"]).Select(c => c.ToString()));
    }

    [Fact]
    public void AlertLinks_PointWhereTheDeploymentSays()
    {
        var config = ObservabilityFiles.Map(ObservabilityFiles.Yaml(Path.Combine(ObservabilityFiles.PrometheusDirectory, "prometheus.yml")));
        var labels = ObservabilityFiles.Map(ObservabilityFiles.Map(config["global"])["external_labels"]);
        Assert.Equal("${MINIMARKET_CONSOLE_URL}", ObservabilityFiles.Text(labels, "console_url"));

        // Prometheus 3 expands ${...} in external labels by itself (2.x needs --enable-feature=expand-external-labels).
        var prometheus = Services().Single(s => s.Name == "prometheus").Service;
        var major = int.Parse(PrometheusMajor().Match(ObservabilityFiles.Text(prometheus, "image")!).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(major >= 3 || ObservabilityFiles.List(prometheus["command"]).Any(c => c.ToString() == "--enable-feature=expand-external-labels"),
            "Prometheus 2.x expands external labels only with --enable-feature=expand-external-labels");
        var environment = ObservabilityFiles.Map(prometheus["environment"]);
        Assert.Matches(@"^https://\$\{MINIMARKET_CONSOLE_HOST:\?.+\}$", ObservabilityFiles.Text(environment, "MINIMARKET_CONSOLE_URL") ?? "");
    }

    /// <summary>
    /// The store's id reaches everything from one variable: every .NET service's Store__Id (its log lines) and Prometheus'
    /// store external label (its alerts and what it remote-writes); compose refuses to start without it.
    /// </summary>
    [Fact]
    public void TheStoreId_ReachesEveryServiceAndPrometheus_FromOneRequiredVariable()
    {
        var config = ObservabilityFiles.Map(ObservabilityFiles.Yaml(Path.Combine(ObservabilityFiles.PrometheusDirectory, "prometheus.yml")));
        var labels = ObservabilityFiles.Map(ObservabilityFiles.Map(config["global"])["external_labels"]);
        Assert.Equal("${MINIMARKET_STORE_ID}", ObservabilityFiles.Text(labels, "store"));
        var services = Services().ToDictionary(s => s.Name, s => s.Service);
        Assert.Matches(@"^\$\{MINIMARKET_STORE_ID:\?.+\}$", ObservabilityFiles.Text(ObservabilityFiles.Map(services["prometheus"]["environment"]), "MINIMARKET_STORE_ID") ?? "");
        foreach (var name in new[] { "deposito", "negocio", "ml", "console" })
        {
            var environment = ObservabilityFiles.Map(services[name]["environment"]);
            Assert.Matches(@"^\$\{MINIMARKET_STORE_ID:\?.+\}$", ObservabilityFiles.Text(environment, "Store__Id") ?? name + ": no Store__Id");
            Assert.Matches(@"^\$\{MINIMARKET_STORE_NAME:\?.+\}$", ObservabilityFiles.Text(environment, "Store__Name") ?? name + ": no Store__Name");
        }
        var local = ObservabilityFiles.Map(ObservabilityFiles.Yaml(Path.Combine(ObservabilityFiles.PrometheusDirectory, "prometheus.local.yml")));
        Assert.Equal(AppSettingsStoreId(), ObservabilityFiles.Text(ObservabilityFiles.Map(ObservabilityFiles.Map(local["global"])["external_labels"]), "store"));
    }

    private static string AppSettingsStoreId()
    {
        var ids = new[] { "MiniMarket.Agents", "MiniMarket.Console" }.Select(project =>
        {
            using var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, project, "appsettings.json")));
            return settings.RootElement.GetProperty("Store").GetProperty("Id").GetString()!;
        }).Distinct().ToList();
        return Assert.Single(ids);
    }

    [Fact]
    public void OneVersion_FromTheBuild_ToTheImageTagAndTheBuildInfoMetric()
    {
        var props = File.ReadAllText(Path.Combine(Root, "Directory.Build.props"));
        var version = PropsVersion().Match(props).Groups[1].Value;
        Assert.Matches(@"^[0-9]+\.[0-9]+\.[0-9]+$", version);
        foreach (var (name, service) in Services().Where(s => s.Service.ContainsKey("build")))
        {
            var image = name switch { "console" => "console", "postgres" => "postgres", _ => "agents" };
            Assert.Equal($"minimarket-{image}:${{MINIMARKET_VERSION:-{version}}}", ObservabilityFiles.Text(service, "image"));
            var args = ObservabilityFiles.Map(ObservabilityFiles.Map(service["build"])["args"]);
            Assert.Equal($"${{MINIMARKET_VERSION:-{version}}}", ObservabilityFiles.Text(args, "VERSION"));
        }
        foreach (var dockerfile in new[] { "MiniMarket.Agents/Dockerfile", "MiniMarket.Console/Dockerfile" })
        {
            var instructions = Instructions(dockerfile).ToList();
            Assert.Contains(instructions, i => i.StartsWith("ARG VERSION", StringComparison.Ordinal));
            Assert.Contains(instructions, i => i.StartsWith("RUN dotnet publish", StringComparison.Ordinal) && i.Contains("-p:Version=$VERSION", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// The commands of secrets/README.md, run as written (all but `docker compose`) in an empty folder: the folder keeps the
    /// host's other users out, and every secret file compose mounts can be read by its container's user (compose mounts
    /// file secrets with the host's owner and mode; Alertmanager and postgres-exporter run as nobody, Grafana as 472).
    /// </summary>
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Secrets_MadeAsTheGuideSays_AreReadableInsideTheirContainers()
    {
        var guide = File.ReadAllText(Path.Combine(Root, "secrets", "README.md"));
        var block = GuideBlock().Match(guide);
        Assert.True(block.Success, "secrets/README.md has no ```bash block under '## Create them'");
        var script = string.Join('\n', block.Groups[1].Value.Split('\n').Where(l => !l.TrimStart().StartsWith("docker ", StringComparison.Ordinal)));
        var folder = Directory.CreateTempSubdirectory("mm-secrets-").FullName;
        try
        {
            var (exit, output) = await ProcessRunner.RunAsync("bash", ["-e", "-c", $"cd '{folder}'\n{script}"], timeout: TimeSpan.FromSeconds(30));
            Assert.True(exit == 0, output);
            Assert.DoesNotContain("missing", output, StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(folder, "secrets")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, ".env")));
            var secrets = ObservabilityFiles.Map(Compose()["secrets"]);
            foreach (var (name, definition) in secrets)
            {
                var file = Path.Combine(folder, ObservabilityFiles.Text(ObservabilityFiles.Map(definition), "file")!);
                Assert.True(File.Exists(file), $"the guide does not make {name}");
                Assert.True(File.GetUnixFileMode(file).HasFlag(UnixFileMode.OtherRead), $"{name}: not readable by a container user other than its owner");
                Assert.True(new FileInfo(file).Length > 0, $"{name} is empty");
            }
            // Folders of secrets mounted as such (Slack's webhooks): files read by name, the folder not listable.
            var folders = Services().SelectMany(s => s.Service.TryGetValue("volumes", out var v) ? ObservabilityFiles.List(v).Select(x => x.ToString()!.Split(':')[0]) : [])
                .Where(source => source.StartsWith("./secrets/", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(folders);
            foreach (var source in folders)
            {
                var path = Path.Combine(folder, source[2..]);
                Assert.True(Directory.Exists(path), $"the guide does not make {source}");
                var mode = File.GetUnixFileMode(path);
                Assert.True(mode.HasFlag(UnixFileMode.OtherExecute) && !mode.HasFlag(UnixFileMode.OtherRead), $"{source}: mode {mode}");
                Assert.All(Directory.GetFiles(path), f => Assert.True(File.GetUnixFileMode(f).HasFlag(UnixFileMode.OtherRead), f));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void OnlyTheProxy_IsPublishedToTheWorld_TheRestOnLoopback()
    {
        foreach (var (name, service) in Services())
        {
            if (!service.TryGetValue("ports", out var ports)) continue;
            foreach (var port in ObservabilityFiles.List(ports).Select(p => p.ToString()!))
            {
                if (name == "proxy") Assert.Matches(@"^(80:80|443:443(/udp)?)$", port);
                else Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void TheProxy_SharesANetworkWithTheConsoleAndGrafanaOnly_AndTheConsoleBelievesThatNetworkOnly()
    {
        var services = Services().ToDictionary(s => s.Name, s => s.Service);
        Assert.Equal(["edge"], ObservabilityFiles.List(services["proxy"]["networks"]).Select(n => n.ToString()));
        var onEdge = services.Where(s => s.Value.TryGetValue("networks", out var n) && ObservabilityFiles.List(n).Any(x => x.ToString() == "edge")).Select(s => s.Key).Order();
        Assert.Equal(["console", "grafana", "proxy"], onEdge);
        var subnet = ObservabilityFiles.Text(ObservabilityFiles.Map(ObservabilityFiles.List(ObservabilityFiles.Map(ObservabilityFiles.Map(
            ObservabilityFiles.Map(Compose()["networks"])["edge"])["ipam"])["config"])[0]), "subnet");
        Assert.Equal(subnet, ObservabilityFiles.Text(ObservabilityFiles.Map(services["console"]["environment"]), "ReverseProxy__KnownNetworks__0"));
        Assert.Contains("./proxy/Caddyfile:/etc/caddy/Caddyfile:ro", ObservabilityFiles.List(services["proxy"]["volumes"]).Select(v => v.ToString()));
    }

    /// <summary>The Caddyfile compose mounts passes Debian's Caddy (2.6) with the variables compose gives it.</summary>
    [Fact]
    public async Task TheCaddyfile_PassesCaddyValidate()
    {
        var home = Directory.CreateTempSubdirectory("mm-caddy-").FullName;
        try
        {
            var (exit, output) = await ProcessRunner.RunAsync("caddy", ["validate", "--config", Path.Combine(Root, "proxy", "Caddyfile"), "--adapter", "caddyfile"],
                environment: new Dictionary<string, string?>
                {
                    ["MINIMARKET_CONSOLE_HOST"] = "consola.example.com.ar", ["MINIMARKET_GRAFANA_HOST"] = "grafana.example.com.ar",
                    ["MINIMARKET_TLS"] = "sistemas@example.com.ar", ["HOME"] = home, ["XDG_DATA_HOME"] = home, ["XDG_CONFIG_HOME"] = home,
                }, timeout: TimeSpan.FromSeconds(30));
            Assert.True(exit == 0, output);
            Assert.Contains("Valid configuration", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>
    /// Every config file compose mounts parses (the ones with a tool are checked by it elsewhere: promtool, amtool, caddy):
    /// YAML (Loki, Grafana's provisioning, Prometheus, Alertmanager) and JSON (dashboards). Alloy's own syntax has no parser
    /// here; its file is at least mounted and non-empty.
    /// </summary>
    [Fact]
    public void EveryMountedConfigFile_Parses()
    {
        var files = Directory.GetFiles(ObservabilityFiles.Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}runbooks{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        var yaml = files.Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)).ToList();
        var json = files.Where(f => f.EndsWith(".json", StringComparison.Ordinal)).ToList();
        Assert.Contains(yaml, f => f.EndsWith("loki.yml", StringComparison.Ordinal));
        Assert.NotEmpty(json);
        foreach (var file in yaml) Assert.True(ObservabilityFiles.Yaml(file) is not null, file + " is empty");
        foreach (var file in json)
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
            Assert.Equal(System.Text.Json.JsonValueKind.Object, document.RootElement.ValueKind);
        }
        var alloy = Path.Combine(ObservabilityFiles.Root, "alloy", "config.alloy");
        Assert.True(new FileInfo(alloy).Length > 0);
        Assert.Equal(File.ReadAllText(alloy).Count(c => c == '{'), File.ReadAllText(alloy).Count(c => c == '}'));
    }

    /// <summary>Alertmanager's entrypoint: each channel (three severities and the store's) its own webhook, else the default one, else Alertmanager does not start.</summary>
    [Theory]
    [InlineData("default", "critico=D alto=D medio=D tienda=D")]
    [InlineData("default critico", "critico=critico alto=D medio=D tienda=D")]
    [InlineData("critico alto medio tienda", "critico=critico alto=alto medio=medio tienda=tienda")]
    [InlineData("critico alto medio", null)]
    [InlineData("", null)]
    [InlineData("critico", null)]
    public async Task SlackWebhooks_EachSeverityItsOwn_ElseTheDefault_ElseNoStart(string present, string? expected)
    {
        var folder = Directory.CreateTempSubdirectory("mm-slackhooks-").FullName;
        try
        {
            var from = Directory.CreateDirectory(Path.Combine(folder, "in")).FullName;
            foreach (var name in present.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                File.WriteAllText(Path.Combine(from, name), name == "default" ? "D" : name);
            var to = Path.Combine(folder, "out");

            var (exit, output) = await ProcessRunner.RunAsync("sh", [Path.Combine(ObservabilityFiles.AlertmanagerDirectory, "slack-webhooks.sh"),
                    "--config.file=" + Path.Combine(ObservabilityFiles.AlertmanagerDirectory, "alertmanager.yml")],
                environment: new Dictionary<string, string?> { ["SLACK_WEBHOOKS"] = from, ["SLACK_FILES"] = to, ["ALERTMANAGER"] = "echo" },
                timeout: TimeSpan.FromSeconds(20));

            if (expected is null)
            {
                Assert.Equal(1, exit);
                Assert.Contains("no webhook for channel", output, StringComparison.Ordinal);
                return;
            }
            Assert.True(exit == 0, output);
            Assert.Contains("--config.file=" + Path.Combine(to, "alertmanager.yml"), output, StringComparison.Ordinal); // the copy it wrote
            var written = string.Join(' ', new[] { "critico", "alto", "medio", "tienda" }.Select(s => $"{s}={File.ReadAllText(Path.Combine(to, s))}"));
            Assert.Equal(expected, written);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex(@"^prom/prometheus:v([0-9]+)\.")]
    private static partial Regex PrometheusMajor();

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"<Version>([^<]+)</Version>")]
    private static partial Regex PropsVersion();

    [GeneratedRegex(@"## Create them[^\n]*\n+```bash\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex GuideBlock();
}
