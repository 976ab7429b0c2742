using System.Text.RegularExpressions;
using System.Xml.Linq;
using MiniMarket.Console.Services;
using MiniMarket.Testing;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// The guides for people are kept true the way the runbooks are: every console page (a route in backquotes), every
/// button or page name (in «»), every alert and runbook guide they name exists; every command of the operations manual
/// names a service compose has, a run.sh command run.sh has, a file the repository has; the console's help links open
/// sections that exist; the README and the console link every guide.
/// </summary>
public sealed partial class GuidesTests
{
    private static readonly string GuidesDirectory = Path.Combine(RepositoryPaths.Root, "docs", "guias");

    private static readonly string OnCallGuide = Path.Combine(ObservabilityFiles.RunbooksDirectory, "guias", "respuesta-a-alertas.md");

    public static IEnumerable<object[]> Guides() =>
        Directory.GetFiles(GuidesDirectory, "*.md").Append(OnCallGuide).Select(f => new object[] { Path.GetRelativePath(RepositoryPaths.Root, f) });

    private static string Read(string relative) => File.ReadAllText(Path.Combine(RepositoryPaths.Root, relative));

    /// <summary>Every text the console shows (Strings.resx values), placeholders ({0}) as wildcards.</summary>
    private static readonly Lazy<List<Regex>> UiTexts = new(() => XDocument.Load(Path.Combine(RepositoryPaths.Root, "MiniMarket.Console", "Resources", "Strings.resx"))
        .Descendants("data").Select(d => (string?)d.Element("value") ?? "")
        .Select(v => new Regex("^" + Regex.Escape(v.Trim()).Replace(@"\{0}", ".+").Replace(@"\{1}", ".+").Replace(@"\{2}", ".+") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
        .ToList());

    /// <summary>The console's page templates (@page), from its assembly.</summary>
    private static readonly Lazy<List<string>> Routes = new(() => typeof(MiniMarket.Console.Components.App).Assembly.GetTypes()
        .SelectMany(t => t.GetCustomAttributes(typeof(Microsoft.AspNetCore.Components.RouteAttribute), inherit: false).Cast<Microsoft.AspNetCore.Components.RouteAttribute>())
        .Select(r => r.Template).ToList());

    private static bool IsRoute(string path)
    {
        var segments = path.Split('?', '#')[0].Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return Routes.Value.Any(template =>
        {
            var parts = template.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == segments.Length && parts.Zip(segments).All(p => p.First.StartsWith('{') || p.Second.StartsWith('<') || p.First == p.Second);
        });
    }

    /// <summary>What every service answers besides the console's pages (MapMiniMarketDefaultEndpoints, Prometheus' own).</summary>
    private static readonly HashSet<string> ServiceEndpoints = new(StringComparer.Ordinal) { "/health/live", "/health/ready", "/metrics", "/openapi/v1.json", "/-/ready", "/-/healthy" };

    /// <summary>Words the guides use that look like alert names and are not.</summary>
    private static readonly HashSet<string> NotAlerts = new(StringComparer.Ordinal) { "MiniMarket", "PostgreSQL", "MaxInFlight" };

    [Theory]
    [MemberData(nameof(Guides))]
    public void EveryPageAndButtonAGuideNames_IsOnTheConsole(string guide)
    {
        var text = Read(guide);
        var buttons = Quoted().Matches(text).Select(m => Regex.Replace(m.Groups["text"].Value, @"\s+", " ").Trim()).Distinct().ToList();
        var missing = buttons.Where(b => !UiTexts.Value.Any(r => r.IsMatch(b))).ToList();
        Assert.True(missing.Count == 0, $"{guide} names what the console does not show: «{string.Join("», «", missing)}»");

        var routes = InlineCode().Matches(text).Select(m => m.Groups["code"].Value).Where(c => c.StartsWith('/') && !c.Contains(' ', StringComparison.Ordinal)
            && !c.StartsWith("/run/", StringComparison.Ordinal) && !c.StartsWith("/prometheus", StringComparison.Ordinal) && !c.StartsWith("/var/", StringComparison.Ordinal)
            && !c.StartsWith("/etc/", StringComparison.Ordinal)).Distinct().ToList();
        var unknown = routes.Where(r => !IsRoute(r) && !ServiceEndpoints.Contains(r)).ToList();
        Assert.True(unknown.Count == 0, $"{guide} names console pages that do not exist: {string.Join(", ", unknown)}");
    }

    [Theory]
    [MemberData(nameof(Guides))]
    public void EveryAlertAndRunbookGuideAGuideNames_Exists(string guide)
    {
        var text = Read(guide);
        var alerts = Directory.GetFiles(ObservabilityFiles.RunbooksDirectory, "*.md").Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.Ordinal);
        var named = CamelCase().Matches(text).Select(m => m.Value).Where(w => !NotAlerts.Contains(w)).Distinct().ToList();
        var missing = named.Where(n => !alerts.Contains(n!)).ToList();
        Assert.True(missing.Count == 0, $"{guide} names alerts without a runbook (or a word to add to NotAlerts): {string.Join(", ", missing)}");

        var guides = RunbookGuide().Matches(text).Select(m => m.Groups["name"].Value).Distinct().ToList();
        Assert.All(guides, g => Assert.True(File.Exists(Path.Combine(ObservabilityFiles.RunbooksDirectory, "guias", g + ".md")), $"{guide}: /runbooks/guias/{g} does not exist"));
    }

    [Fact]
    public void EveryCommandOfTheOperationsManual_NamesWhatComposeAndTheRepositoryHave()
    {
        var text = Read("docs/guias/operaciones.md");
        var compose = ObservabilityFiles.Map(ObservabilityFiles.Yaml(Path.Combine(RepositoryPaths.Root, "compose.yaml")));
        var services = ObservabilityFiles.Map(compose["services"]).Keys.Select(k => k.ToString()!).ToHashSet(StringComparer.Ordinal);
        var commands = ComposeCommand().Matches(text).Select(m => m.Value.Trim()).Distinct().ToList();
        Assert.True(commands.Count >= 20, $"only {commands.Count} docker compose commands found");
        foreach (var command in commands)
        {
            var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();
            var verb = words[0];
            Assert.Contains(verb, (string[])["ps", "logs", "exec", "restart", "stop", "up", "rm", "run", "pull"]);
            // The first word after the verb that is not an option (nor an option's value) is the service, when there is one.
            string? service = null;
            for (var i = 1; i < words.Count; i++)
            {
                if (words[i] is "--entrypoint" or "--user" or "-u" or "-e") { i++; continue; }
                if (words[i].StartsWith('-')) continue;
                service = words[i].Trim('`', '"', ';', ')', ':', '.', ',');
                break;
            }
            if (service is not null && !service.StartsWith('<') && service is not "|" and not "&&")
                Assert.True(services.Contains(service), $"'{command}': compose has no service '{service}'");
            else Assert.True(verb is "ps" or "up" or "pull", $"'{command}' names no service");
        }

        var paths = InlineCode().Matches(text).Select(m => m.Groups["code"].Value)
            .Where(c => RepositoryPath().IsMatch(c) && !c.Contains('<', StringComparison.Ordinal)).Distinct().ToList();
        Assert.NotEmpty(paths);
        // The secrets are never in the repository: each one the manual names is one secrets/README.md documents.
        var secrets = Read("secrets/README.md");
        Assert.All(paths, p => Assert.True(p.StartsWith("secrets/", StringComparison.Ordinal) && p != "secrets/README.md"
            ? secrets.Contains(p.TrimEnd('/'), StringComparison.Ordinal)
            : File.Exists(Path.Combine(RepositoryPaths.Root, p)) || Directory.Exists(Path.Combine(RepositoryPaths.Root, p)), $"{p} does not exist"));

        // Backup commands: the script's own.
        foreach (Match m in BackupCommand().Matches(text))
            Assert.Contains(m.Groups["verb"].Value, (string[])["info", "backup", "files", "restore", "restore-files", "metrics"]);
    }

    [Fact]
    public void TheHelpLinks_OpenSectionsThatExist_AndEveryPageHasOne()
    {
        var guides = HelpLibrary.Load(GuidesDirectory);
        Assert.Contains(guides, g => g.Name == "encargado");
        Assert.Contains(guides, g => g.Name == "operaciones" && g.OnCallOnly);
        foreach (var (page, (guide, section)) in HelpLinks.Pages)
        {
            var found = guides.SingleOrDefault(g => g.Name == guide);
            Assert.True(found is not null && found.Sections.Any(s => s.Id == section), $"/{page}: /ayuda/{guide}#{section} does not exist");
        }
        // Every page of the console opens some help (the on-call pages the on-call's guide).
        foreach (var route in Routes.Value.Where(r => !r.StartsWith("/cuenta", StringComparison.Ordinal) && !r.StartsWith("/ayuda", StringComparison.Ordinal)))
        {
            var target = HelpLinks.For(route.Replace("{", "x", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal));
            Assert.True(target == HelpLinks.OnCallGuide || guides.Any(g => target.StartsWith($"/ayuda/{g.Name}#", StringComparison.Ordinal)), $"{route} → {target}");
        }
        Assert.True(File.Exists(Path.Combine(ObservabilityFiles.RunbooksDirectory, "guias", HelpLinks.OnCallGuide.Split('/')[^1] + ".md")));
        // An encargado never gets a guide they cannot open.
        Assert.All(Routes.Value, r => Assert.StartsWith("/ayuda/encargado#", HelpLinks.For(r, onCall: false), StringComparison.Ordinal));
        // The section headings each carry their anchor (and the rendered HTML has it).
        var encargado = guides.Single(g => g.Name == "encargado");
        Assert.True(encargado.Sections.Count >= 10);
        Assert.All(encargado.Sections, s => Assert.Contains($"id=\"{s.Id}\"", encargado.Html, StringComparison.Ordinal));
    }

    [Fact]
    public void EveryPictureAGuideShows_IsThereAndIsOneTheBrowserTestsTake()
    {
        var shown = Directory.GetFiles(GuidesDirectory, "*.md").SelectMany(f => Picture().Matches(File.ReadAllText(f)).Select(m => m.Groups["file"].Value)).ToList();
        Assert.NotEmpty(shown);
        // What the browser test photographs: the files of its Pictures list.
        var source = Read("tests/MiniMarket.EndToEnd/GuidePicturesTests.cs");
        var taken = Regex.Matches(source, @"\(""(?<file>[a-z0-9-]+\.png)""").Select(m => m.Groups["file"].Value).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(taken);
        Assert.All(shown, f => Assert.True(taken.Contains(f), $"{f}: no browser test takes it (GuidePicturesTests.Pictures)"));
        Assert.All(shown, f => Assert.True(File.Exists(Path.Combine(GuidesDirectory, "capturas", f)), $"docs/guias/capturas/{f} is missing (run GuidePicturesTests and commit it)"));
        Assert.All(taken, f => Assert.Contains(f, shown));
    }

    [Fact]
    public void TheReadme_LinksEveryGuide()
    {
        var readme = Read("README.md");
        foreach (var guide in Directory.GetFiles(GuidesDirectory, "*.md").Select(f => Path.GetRelativePath(RepositoryPaths.Root, f)).Append("observability/runbooks/guias/respuesta-a-alertas.md"))
            Assert.Contains($"({guide})", readme, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"!\[[^\]]*\]\(capturas/(?<file>[a-z0-9-]+\.png)\)")]
    private static partial Regex Picture();

    [GeneratedRegex(@"«(?<text>[^»]+)»")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"`(?<code>[^`\n]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\b[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+\b")]
    private static partial Regex CamelCase();

    [GeneratedRegex(@"/runbooks/guias/(?<name>[a-z0-9-]+)")]
    private static partial Regex RunbookGuide();

    [GeneratedRegex(@"docker compose [^`\n|#]+")]
    private static partial Regex ComposeCommand();

    [GeneratedRegex(@"^(observability|backup|proxy|docs|secrets|tests)/[A-Za-z0-9_./-]+$|^compose(\.[a-z-]+)?\.yaml$")]
    private static partial Regex RepositoryPath();

    [GeneratedRegex(@"minimarket-backup\.sh (?<verb>[a-z-]+)")]
    private static partial Regex BackupCommand();
}
