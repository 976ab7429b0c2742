using System.Text.RegularExpressions;
using Markdig;
using Microsoft.Extensions.Options;

namespace MiniMarket.Console.Services;

/// <summary>
/// One runbook page: an alert's (<c>runbooks/&lt;Alert&gt;.md</c>) or an operational guide (<c>runbooks/guias/*.md</c>).
/// <see cref="RuleExpr"/>, <see cref="RuleFor"/> and <see cref="RuleSeverity"/> come from its "Regla" line.
/// </summary>
public sealed record Runbook(string Name, bool IsGuide, string Title, string Html, string? RuleExpr, string? RuleFor, string? RuleSeverity, string WhatToDo);

/// <summary>
/// The runbooks shipped with the console (copied from observability/runbooks at build), rendered once with Markdig with
/// raw HTML disabled (a runbook cannot inject markup) and links between runbooks pointing at the console's pages.
/// </summary>
public sealed partial class RunbookLibrary
{
    private readonly Lazy<IReadOnlyList<Runbook>> _all;

    public RunbookLibrary(IOptions<ObservabilityOptions> options)
    {
        var directory = options.Value.RunbooksPath is { Length: > 0 } configured ? configured : Path.Combine(AppContext.BaseDirectory, "runbooks");
        Directory = directory;
        _all = new Lazy<IReadOnlyList<Runbook>>(() => Load(directory));
    }

    public string Directory { get; }

    public IReadOnlyList<Runbook> All => _all.Value;

    public IEnumerable<Runbook> Alerts => All.Where(r => !r.IsGuide);

    public IEnumerable<Runbook> Guides => All.Where(r => r.IsGuide);

    public Runbook? Find(string name, bool guide = false) => All.FirstOrDefault(r => r.IsGuide == guide && string.Equals(r.Name, name, StringComparison.Ordinal));

    public static IReadOnlyList<Runbook> Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) return [];
        var alerts = System.IO.Directory.GetFiles(directory, "*.md").Select(f => Parse(f, isGuide: false));
        var guidesDirectory = Path.Combine(directory, "guias");
        var guides = System.IO.Directory.Exists(guidesDirectory) ? System.IO.Directory.GetFiles(guidesDirectory, "*.md").Select(f => Parse(f, isGuide: true)) : [];
        return alerts.Concat(guides).OrderBy(r => r.IsGuide).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    public static Runbook Parse(string file, bool isGuide)
    {
        var markdown = File.ReadAllText(file);
        var name = Path.GetFileNameWithoutExtension(file);
        var lines = markdown.Split('\n');
        var title = lines.FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim() ?? name;
        var regla = lines.Select(l => Regla().Match(l.TrimEnd('\r'))).FirstOrDefault(m => m.Success);
        var html = Markdown.ToHtml(markdown, SafeMarkdown.Pipeline);
        // Links between runbooks ("ServiceDown.md", "../ServiceDown.md", "guias/dashboards.md") go to the console's pages.
        html = RunbookLink().Replace(html, m => m.Groups["guide"].Success
            ? $"href=\"/runbooks/guias/{m.Groups["name"].Value}\""
            : $"href=\"/runbooks/{m.Groups["name"].Value}\"");
        return new Runbook(name, isGuide, title, html, regla?.Groups["expr"].Value, regla?.Groups["for"].Value, regla?.Groups["severity"].Value, WhatToDo(markdown));
    }

    /// <summary>The first step of "Mitigación" in plain text: what the home page shows as "qué hacer".</summary>
    private static string WhatToDo(string markdown)
    {
        var start = markdown.IndexOf("## Mitigación", StringComparison.Ordinal);
        if (start < 0) return "";
        var section = markdown[(start + "## Mitigación".Length)..];
        var end = section.IndexOf("\n## ", StringComparison.Ordinal);
        if (end >= 0) section = section[..end];
        var first = section.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("```", StringComparison.Ordinal)) ?? "";
        var text = Markdown.ToPlainText(ListMarker().Replace(first, ""), SafeMarkdown.Pipeline).Trim();
        return text.Length > 240 ? text[..240] + "…" : text;
    }

    [GeneratedRegex(@"^> \*\*Regla:\*\* `(?<expr>.+)` durante \*\*(?<for>[0-9]+[smhd])\*\* · severidad \*\*(?<severity>[a-z]+)\*\*$")]
    private static partial Regex Regla();

    [GeneratedRegex(@"href=""(?:\.\./)?(?<guide>guias/)?(?<name>[A-Za-z0-9_-]+)\.md""")]
    private static partial Regex RunbookLink();

    [GeneratedRegex(@"^([0-9]+\.|[-*])\s+")]
    private static partial Regex ListMarker();
}
