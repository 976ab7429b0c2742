using System.Globalization;

namespace MiniMarket.Core.Domain;

/// <summary>
/// The rules for text people type, in one place, applied before anything reaches the database, a log line or a metric
/// label. Two kinds:
/// <list type="bullet">
/// <item><b>Names and codes</b> (a category, a product's or supplier's name, an issuer): one line, trimmed, and none of the
/// characters that hide or disguise text — control characters (NUL, which PostgreSQL refuses; ANSI escapes; DEL; C1),
/// format characters (bidirectional overrides and isolates, zero-width joiners and spaces, the BOM, soft hyphens), line
/// and paragraph separators, unpaired surrogates and Unicode non-characters.</item>
/// <item><b>Free text</b> (a description, a movement's reason, a note): the same, except that it may span lines (line
/// feed, carriage return and tab are kept).</item>
/// </list>
/// A refusal is a <see cref="DomainException"/> naming the field and the offending character by its code point.
/// </summary>
public static class TextInput
{
    /// <summary>A required name: trimmed, 1..<paramref name="maxLength"/> characters, one clean line.</summary>
    public static string RequiredName(string? text, string field, int maxLength, string missing) =>
        Name(text, field, maxLength) ?? throw new DomainException(field, missing);

    /// <summary>An optional name: null when blank; otherwise trimmed, at most <paramref name="maxLength"/> characters, one clean line.</summary>
    public static string? Name(string? text, string field, int maxLength) => Check(text, field, maxLength, multiline: false);

    /// <summary>Optional free text: null when blank; otherwise trimmed, at most <paramref name="maxLength"/> characters; may span lines.</summary>
    public static string? Free(string? text, string field, int maxLength) => Check(text, field, maxLength, multiline: true);

    /// <summary>The first character that text of this kind may not contain, or null when there is none.</summary>
    public static int? FirstForbidden(ReadOnlySpan<char> text, bool multiline)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    var codePoint = char.ConvertToUtf32(c, text[i + 1]);
                    i++;
                    if (IsNonCharacter(codePoint) || CharUnicodeInfo.GetUnicodeCategory(codePoint) == UnicodeCategory.Format) return codePoint;
                    continue;
                }
                return c;
            }
            if (char.IsLowSurrogate(c)) return c;
            if (multiline && c is '\n' or '\r' or '\t') continue;
            if (IsForbiddenBmp(c)) return c;
        }
        return null;
    }

    /// <summary>"U+0000 (NUL)", "U+202E" — how a refused character is named in a message.</summary>
    public static string Describe(int codePoint) => codePoint switch
    {
        0 => "U+0000 (NUL)",
        0x1B => "U+001B (ESC)",
        0xFEFF => "U+FEFF (BOM)",
        >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069 => $"U+{codePoint:X4} (control bidireccional)",
        _ => $"U+{codePoint:X4}",
    };

    private static string? Check(string? text, string field, int maxLength, bool multiline)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim();
        if (FirstForbidden(trimmed, multiline) is { } bad)
        {
            throw new DomainException(field, $"El texto tiene un carácter no permitido: {Describe(bad)}"
                + (multiline ? "." : " (se admite una sola línea, sin caracteres de control ni de formato)."));
        }
        if (trimmed.Length > maxLength)
        {
            throw new DomainException(field, $"El texto tiene {trimmed.Length} caracteres; el máximo es {maxLength}.");
        }
        return trimmed;
    }

    private static bool IsForbiddenBmp(char c) =>
        char.IsControl(c)
        || IsNonCharacter(c)
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static bool IsNonCharacter(int codePoint) => codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
}
