using System.Text;
using System.Text.RegularExpressions;

namespace MiniMarket.Observability.Tests;

/// <summary>
/// A <c>.dockerignore</c> read as Docker reads it: one pattern a line (Go's filepath.Match plus <c>**</c>), <c>!</c> brings
/// back what an earlier pattern left out, the last pattern that matches a path (or one of its parent folders) decides.
/// </summary>
public sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Include)> _rules = [];

    public DockerIgnore(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var include = line.StartsWith('!');
            var pattern = (include ? line[1..] : line).Trim().TrimStart('/').TrimEnd('/');
            _rules.Add((new Regex("^" + ToRegex(pattern) + "$", RegexOptions.CultureInvariant), include));
        }
    }

    /// <summary>Whether a path (relative to the context, '/' separated) is left out of the build context.</summary>
    public bool Excludes(string path)
    {
        path = path.Trim('/');
        var parts = path.Split('/');
        var excluded = false;
        foreach (var (pattern, include) in _rules)
        {
            // A pattern matches the path itself or one of the folders above it.
            for (var n = 1; n <= parts.Length; n++)
            {
                if (!pattern.IsMatch(string.Join('/', parts.Take(n)))) continue;
                excluded = !include;
                break;
            }
        }
        return excluded;
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" any number of folders (none included); "**" at the end: anything.
                i++;
                if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                {
                    i++;
                    regex.Append("(?:.*/)?");
                }
                else
                {
                    regex.Append(".*");
                }
            }
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return regex.ToString();
    }
}
