using System.Text.RegularExpressions;
using System.Xml.Linq;
using MiniMarket.Testing;

namespace MiniMarket.Console.Tests;

public partial class LocalizationTests
{
    [Fact]
    public void EveryTextKeyUsedByTheConsole_ExistsInStringsResx()
    {
        var resx = XDocument.Load(Path.Combine(RepositoryPaths.Root, "MiniMarket.Console", "Resources", "Strings.resx"));
        var keys = resx.Root!.Elements("data").Select(d => d.Attribute("name")!.Value).ToHashSet();
        var sources = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "MiniMarket.Console", "Components"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal));

        var used = sources.SelectMany(f => KeyUse().Matches(File.ReadAllText(f))
                .SelectMany(m => m.Groups["key"].Captures.Select(c => (File: Path.GetFileName(f), Key: c.Value))))
            .ToList();

        Assert.NotEmpty(used);
        var missing = used.Where(u => !keys.Contains(u.Key)).Select(u => $"{u.File}: {u.Key}").Distinct().ToList();
        Assert.True(missing.Count == 0, "Keys missing from Strings.resx:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void StringsResx_NamesEachKeyOnce()
    {
        // A second entry with a name already used silently replaces the first text wherever the key is looked up.
        var resx = XDocument.Load(Path.Combine(RepositoryPaths.Root, "MiniMarket.Console", "Resources", "Strings.resx"));
        var repeated = resx.Root!.Elements("data").GroupBy(d => d.Attribute("name")!.Value, StringComparer.Ordinal)
            .Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, "Keys named more than once in Strings.resx: " + string.Join(", ", repeated));
    }

    // L["Key"], L.Format("Key", ...), and both keys of L[cond ? "KeyA" : "KeyB"].
    [GeneratedRegex(@"L(?:\[|\.Format\()\s*(?:[^""\]\)]*\?\s*""(?<key>[A-Za-z.]+)""\s*:\s*)?""(?<key>[A-Za-z.]+)""")]
    private static partial Regex KeyUse();
}
