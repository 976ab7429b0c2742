namespace MiniMarket.Core.Domain;

/// <summary>Small text helpers shared by the value types (ASCII digits only: '٣' or '３' are not digits for AFIP or GS1).</summary>
internal static class DomainText
{
    public static bool IsAsciiDigits(ReadOnlySpan<char> text, int length) =>
        text.Length == length && AllAsciiDigits(text);

    public static bool AllAsciiDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Shows user input inside a message without flooding it: at most 40 characters.</summary>
    public static string Quote(string text) => text.Length <= 40 ? $"'{text}'" : $"'{text[..40]}…'";

    /// <summary>Trims and turns blank into null.</summary>
    public static string? TrimToNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
