using System.Globalization;
using MiniMarket.Core.Domain;

namespace MiniMarket.Console.Model;

/// <summary>
/// Reads the filters a page keeps in its address. Query parameters arrive as text (a page never binds them to a number, a
/// date or a Guid, which would fail with a 500 before the page runs); each is parsed here, and one the page cannot
/// understand is ignored and listed in <see cref="Ignored"/>, which the page shows (<c>IgnoredFilters</c>).
/// </summary>
public sealed class AddressFilters
{
    private readonly List<(string Name, string Value)> _ignored = [];

    /// <summary>The parameters ignored, with the value as received (cut to 40 characters).</summary>
    public IReadOnlyList<(string Name, string Value)> Ignored => _ignored;

    /// <summary>Forgets what was ignored (call at the start of each OnParametersSet).</summary>
    public void Reset() => _ignored.Clear();

    public int? PositiveInt(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : Ignore<int?>(name, text);
    }

    /// <summary>"true"/"false" (also "1"/"0", "si"/"no"); anything else is ignored.</summary>
    public bool? YesNo(string? text, string name) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "true" or "1" or "si" or "sí" => true,
        "false" or "0" or "no" => false,
        _ => Ignore<bool?>(name, text),
    };

    public Guid? Id(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return System.Guid.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var value) && value != System.Guid.Empty ? value : Ignore<Guid?>(name, text);
    }

    /// <summary>A date written yyyy-MM-dd within the range any page shows (<see cref="DateInput"/>).</summary>
    public DateOnly? Date(string? text, string name, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
               && date >= DateInput.Earliest && date <= today.AddDays(DateInput.MaxDaysAhead)
            ? date
            : Ignore<DateOnly?>(name, text);
    }

    /// <summary>One of <paramref name="allowed"/> (compared ignoring case, returned as listed); anything else is ignored.</summary>
    public string? OneOf(string? text, string name, params string[] allowed)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = text.Trim();
        return allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase)) ?? Ignore<string>(name, text);
    }

    /// <summary>Free text (a search): trimmed, at most <paramref name="maxLength"/> characters, one clean line; otherwise ignored.</summary>
    public string? Text(string? text, string name, int maxLength = 100)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = text.Trim();
        return value.Length <= maxLength && TextInput.FirstForbidden(value, multiline: false) is null ? value : Ignore<string>(name, text);
    }

    private T? Ignore<T>(string name, string value)
    {
        var shown = new string(value.Select(c => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format ? '�' : c).ToArray());
        _ignored.Add((name, shown.Length <= 40 ? shown : shown[..40] + "…"));
        return default;
    }
}
