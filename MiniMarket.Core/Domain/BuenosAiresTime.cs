using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace MiniMarket.Core.Domain;

/// <summary>
/// The store's clock: America/Argentina/Buenos_Aires. If the machine has no time zone data (a slim container without
/// tzdata) a fixed UTC−03:00 zone with the same id is used: Argentina has had no daylight saving time since 2009.
/// Formats are fixed, not taken from the machine: "dd/MM/yyyy" and "dd/MM/yyyy HH:mm".
/// </summary>
public static class BuenosAiresTime
{
    public const string ZoneId = "America/Argentina/Buenos_Aires";
    public const string DateFormat = "dd/MM/yyyy";
    public const string DateTimeFormat = "dd/MM/yyyy HH:mm";

    public static TimeZoneInfo Zone { get; } = FindZone();

    /// <summary>The same instant, expressed with Buenos Aires' offset.</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public static DateTimeOffset Now(TimeProvider clock) => ToLocal(clock.GetUtcNow());

    /// <summary>Today's date in Buenos Aires (at 01:00 UTC it is still yesterday there).</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Now(clock).DateTime);

    /// <summary>"31/12/2025".</summary>
    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>The Buenos Aires date of an instant: "31/12/2025".</summary>
    public static string FormatDate(DateTimeOffset instant) => ToLocal(instant).ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>The Buenos Aires date and time of an instant: "31/12/2025 21:00".</summary>
    public static string FormatDateTime(DateTimeOffset instant) => ToLocal(instant).ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses exactly "dd/MM/yyyy" (surrounding spaces allowed).</summary>
    public static bool TryParseDate([NotNullWhen(true)] string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static DateOnly ParseDate(string? text, string field = "date") =>
        TryParseDate(text, out var date) ? date : throw new DomainException(field,
            $"La fecha {DomainText.Quote(text?.Trim() ?? string.Empty)} no es válida: use dd/MM/aaaa");

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(ZoneId);
        }
        catch (TimeZoneNotFoundException)
        {
            return Fallback();
        }
        catch (InvalidTimeZoneException)
        {
            return Fallback();
        }
    }

    private static TimeZoneInfo Fallback() =>
        TimeZoneInfo.CreateCustomTimeZone(ZoneId, TimeSpan.FromHours(-3), "Hora de Argentina", "ART");
}
