using MiniMarket.Console.Services;

namespace MiniMarket.Console.Model;

/// <summary>
/// Which critical alerts are new since the last look: firing (not silenced, not inhibited) and not seen before. The
/// first look only learns what is already firing — opening the console is not a flood of notifications.
/// </summary>
public sealed class CriticalAlertWatch
{
    private HashSet<string>? _seen;

    public IReadOnlyList<AmAlert> NewCritical(IReadOnlyList<AmAlert> alerts)
    {
        var critical = alerts.Where(a => a.Severity == "critical" && a.State == "active" && !a.Silenced && !a.Inhibited).ToList();
        if (_seen is null)
        {
            _seen = critical.Select(a => a.Fingerprint).ToHashSet(StringComparer.Ordinal);
            return [];
        }
        var fresh = critical.Where(a => !_seen.Contains(a.Fingerprint)).GroupBy(a => a.Fingerprint).Select(g => g.First()).ToList();
        // An alert that resolved and fires again is new again.
        _seen = critical.Select(a => a.Fingerprint).ToHashSet(StringComparer.Ordinal);
        return fresh;
    }
}
