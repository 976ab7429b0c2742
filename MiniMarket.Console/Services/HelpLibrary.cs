using System.Text.RegularExpressions;
using Markdig;

namespace MiniMarket.Console.Services;

/// <summary>A section of a guide: its anchor (<c>{#id}</c> in the heading) and title.</summary>
public sealed record HelpSection(string Id, string Title);

/// <summary>A guide as the console shows it: name (its file), title, who may read it, HTML, sections.</summary>
public sealed record HelpGuide(string Name, string Title, bool OnCallOnly, string Html, IReadOnlyList<HelpSection> Sections);

/// <summary>
/// The guides for people (docs/guias, shipped with the console as <c>ayuda/</c>): the store manager's guide and the
/// operations manual, rendered once with Markdig (raw HTML disabled; headings carry their anchors with <c>{#id}</c>), their
/// pictures served from <c>/ayuda/capturas/</c>. The on-call's guide is a runbook guide (<c>/runbooks/guias/respuesta-a-alertas</c>).
/// </summary>
public sealed partial class HelpLibrary
{
    /// <summary>Guides for the operator and the on-call only (the rest: everyone signed in).</summary>
    public static readonly IReadOnlySet<string> OnCallGuides = new HashSet<string>(StringComparer.Ordinal) { "operaciones" };

    private readonly Lazy<IReadOnlyList<HelpGuide>> _all;

    public HelpLibrary() : this(Path.Combine(AppContext.BaseDirectory, "ayuda"))
    {
    }

    public HelpLibrary(string directory)
    {
        Directory = directory;
        _all = new Lazy<IReadOnlyList<HelpGuide>>(() => Load(directory));
    }

    public string Directory { get; }

    public IReadOnlyList<HelpGuide> All => _all.Value;

    public HelpGuide? Find(string? name) => All.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.Ordinal));

    public static IReadOnlyList<HelpGuide> Load(string directory) => System.IO.Directory.Exists(directory)
        ? System.IO.Directory.GetFiles(directory, "*.md").Select(Parse).OrderBy(g => g.OnCallOnly).ThenBy(g => g.Name, StringComparer.Ordinal).ToList()
        : [];

    public static HelpGuide Parse(string file)
    {
        var markdown = File.ReadAllText(file);
        var name = Path.GetFileNameWithoutExtension(file);
        var title = markdown.Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim() ?? name;
        var sections = Section().Matches(markdown).Select(m => new HelpSection(m.Groups["id"].Value, m.Groups["title"].Value.Trim())).ToList();
        var html = Markdown.ToHtml(markdown, SafeMarkdown.Pipeline);
        // The guide's pictures (capturas/x.png next to it) are served by the console.
        html = Picture().Replace(html, m => $"src=\"/ayuda/capturas/{m.Groups["file"].Value}\"");
        return new HelpGuide(name, title, OnCallGuides.Contains(name), html, sections);
    }

    /// <summary>Where a picture of the guides is, when <paramref name="file"/> is one (a plain name: no path can be smuggled in).</summary>
    public string? PicturePath(string file) =>
        PictureName().IsMatch(file) && File.Exists(Path.Combine(Directory, "capturas", file)) ? Path.Combine(Directory, "capturas", file) : null;

    [GeneratedRegex(@"^##\s+(?<title>.+?)\s*\{#(?<id>[a-z0-9-]+)\}\s*$", RegexOptions.Multiline)]
    private static partial Regex Section();

    [GeneratedRegex(@"src=""capturas/(?<file>[a-z0-9-]+\.png)""")]
    private static partial Regex Picture();

    [GeneratedRegex(@"^[a-z0-9-]{1,64}\.png$")]
    private static partial Regex PictureName();
}

/// <summary>
/// The help each page opens (the app bar's "?"): the section of the store manager's guide for a business page, the
/// on-call's guide for the on-call pages, the operations manual for the system's pages.
/// </summary>
public static class HelpLinks
{
    /// <summary>Page (the address' first segments) → guide and section; the longest matching page wins.</summary>
    public static readonly IReadOnlyDictionary<string, (string Guide, string Section)> Pages = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        [""] = ("encargado", "inicio"),
        ["kpis"] = ("encargado", "kpis"),
        ["inventario"] = ("encargado", "inventario"),
        ["inventario/criticos"] = ("encargado", "stock-critico"),
        ["facturas"] = ("encargado", "facturas"),
        ["ordenes"] = ("encargado", "ordenes"),
        ["proveedores"] = ("encargado", "proveedores"),
        ["precios"] = ("encargado", "precios"),
        ["modelos"] = ("encargado", "pronosticos"),
        ["sucursales"] = ("encargado", "sucursales"),
        ["salud"] = ("operaciones", "estado"),
        ["slo"] = ("operaciones", "calendario"),
        ["usuarios"] = ("operaciones", "calendario"),
    };

    /// <summary>The on-call pages' guide (a runbook guide).</summary>
    public const string OnCallGuide = "/runbooks/guias/respuesta-a-alertas";

    private static readonly string[] OnCallPages = ["alertas", "runbooks", "logs", "escalamiento"];

    /// <summary>
    /// The help address for a page path (without query): <c>/ayuda/encargado#facturas</c>, or the on-call's guide. A person
    /// who is not on call (<paramref name="onCall"/> false: an encargado) gets the store manager's guide for every page.
    /// </summary>
    public static string For(string path, bool onCall = true)
    {
        var page = (path ?? "").Split('?', '#')[0].Trim('/');
        var first = page.Split('/')[0];
        if (OnCallPages.Contains(first, StringComparer.Ordinal)) return onCall ? OnCallGuide : "/ayuda/encargado#inicio";
        var match = Pages.Keys.Where(k => k.Length == 0 ? page.Length == 0 : page == k || page.StartsWith(k + "/", StringComparison.Ordinal))
            .OrderByDescending(k => k.Length).FirstOrDefault();
        // A product, an invoice or an order (inventario/7, facturas/<id>): its list's section.
        var (guide, section) = match is not null ? Pages[match] : ("encargado", "inicio");
        if (!onCall && HelpLibrary.OnCallGuides.Contains(guide)) (guide, section) = ("encargado", "inicio");
        return $"/ayuda/{guide}#{section}";
    }
}

public static class HelpEndpoints
{
    /// <summary>The guides' pictures, for anyone signed in (they show the demo store's screens).</summary>
    public static IEndpointRouteBuilder MapHelpPictures(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/ayuda/capturas/{file}", (string file, HelpLibrary library, HttpContext http) =>
        {
            if (library.PicturePath(file) is not { } path)
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No existe esa imagen de la ayuda.", detail: "file: un nombre como inicio.png.");
            http.Response.Headers.CacheControl = "private, max-age=3600";
            return Results.File(path, "image/png");
        }).RequireAuthorization();
        return endpoints;
    }
}
