namespace MiniMarket.Agents.Ml.Ocr;

/// <summary>
/// The issuer's name is printed twice on most invoices: after its label ("Razón Social:"), in body text, and at the top
/// of the header, in the largest letters. The OCR misreads them differently: body text blurred by a photograph or a
/// rotation loses strokes ("Mayonsta", "Gabnela", "Engorífico" for Mayorista, Gabriela, Frigorífico), large type is split
/// into pieces ("Avel la neda", "Med na"). Where the two readings are the same name, word for word, a word they read
/// differently is taken from the header's large type when it is a clean word there with no fewer letters, and its
/// letters are cased as the label's value prints them; a word the label's value has and the header lacks (its legal
/// form) stays.
/// </summary>
public static class IssuerNameReconciler
{
    private const int MaxWord = 40;

    /// <summary>Same word: at most a third of its letters read otherwise (at least one).</summary>
    private static int Allowed(string a, string b) => Math.Max(1, (Math.Max(a.Length, b.Length) + 1) / 3);

    /// <summary>
    /// <paramref name="labelled"/> with the words <paramref name="header"/> reads otherwise taken from it, when both are
    /// the same name (most of the label's words found in the header, in order, half of them exactly); otherwise
    /// <paramref name="labelled"/> as it is.
    /// </summary>
    public static string Reconcile(string labelled, string header)
    {
        var l = labelled.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var h = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (l.Length == 0 || h.Length == 0 || l.Length > 40 || h.Length > 40) return labelled;
        var lk = l.Select(Key).ToArray();
        var hk = h.Select(Key).ToArray();
        // No name's word is that long: a run of noise is not compared letter by letter (the alignment stays cheap).
        if (lk.Concat(hk).Any(k => k.Length > MaxWord)) return labelled;

        // Alignment of the two word sequences (edit distance over words): a word matched to a word (exactly or nearly),
        // one to two or three pieces, or left alone on either side. Nearly-matched words cost more than exact ones.
        const int MaxPieces = 3;
        var cost = new double[l.Length + 1, h.Length + 1];
        var step = new (int Li, int Hi)[l.Length + 1, h.Length + 1];
        for (var i = 0; i <= l.Length; i++)
        {
            for (var j = 0; j <= h.Length; j++)
            {
                if (i == 0 && j == 0) continue;
                var best = double.MaxValue;
                (int, int) from = (0, 0);
                if (i > 0 && cost[i - 1, j] + 1 < best) (best, from) = (cost[i - 1, j] + 1, (1, 0));
                if (j > 0 && cost[i, j - 1] + 1 < best) (best, from) = (cost[i, j - 1] + 1, (0, 1));
                for (var li = 1; li <= Math.Min(i, MaxPieces); li++)
                {
                    for (var hi = 1; hi <= Math.Min(j, MaxPieces); hi++)
                    {
                        if (li > 1 && hi > 1) continue;
                        var a = string.Concat(lk[(i - li)..i]);
                        var b = string.Concat(hk[(j - hi)..j]);
                        // A legal form is matched by nobody ("Golondrina S.R.L." is not "GOLONDRINA" misread).
                        if (a.Length == 0 || b.Length == 0 || lk[(i - li)..i].Any(LegalForm.Contains) || hk[(j - hi)..j].Any(LegalForm.Contains)) continue;
                        // The label's pieces joined must give the header's word nearly letter for letter; the header's
                        // large type split into pieces ("MAYORI STA") is compared with the label's word as one word.
                        var allowed = li > 1 ? 1 : Allowed(a, b);
                        var distance = Levenshtein(a, b, allowed);
                        if (distance > allowed) continue;
                        var c = cost[i - li, j - hi] + (distance == 0 ? 0 : 0.5) + (li + hi - 2) * 0.25;
                        if (c < best) (best, from) = (c, (li, hi));
                    }
                }
                cost[i, j] = best;
                step[i, j] = from;
            }
        }

        var pairs = new List<(int L, int LCount, int H, int HCount)>();
        for (int i = l.Length, j = h.Length; i > 0 || j > 0;)
        {
            var (li, hi) = step[i, j];
            if (li > 0 && hi > 0) pairs.Add((i - li, li, j - hi, hi));
            i -= li;
            j -= hi;
        }
        pairs.Reverse();

        // The same name: most of the label's words (its legal form aside) in the header, half of the pairs exact.
        var named = lk.Count(k => k.Length > 0 && !LegalForm.Contains(k));
        var matched = pairs.Sum(p => p.LCount);
        var exact = pairs.Count(p => string.Concat(lk[p.L..(p.L + p.LCount)]) == string.Concat(hk[p.H..(p.H + p.HCount)]));
        if (named == 0 || matched < Math.Ceiling(named * 0.6) || exact * 2 < pairs.Count) return labelled;

        var replaced = new Dictionary<int, string>();
        foreach (var (li, lCount, hi, hCount) in pairs)
        {
            var a = string.Concat(lk[li..(li + lCount)]);
            var b = string.Concat(hk[hi..(hi + hCount)]);
            if (a == b && lCount == hCount) continue;
            // The header's word, when it is one clean word there, or clean pieces of one ("MAYORI STA"), not "SORInas".
            var word = string.Concat(h[hi..(hi + hCount)]);
            if (!Clean(word) || h[hi..(hi + hCount)].Take(hCount - 1).Any(p => !p.All(char.IsLetter))) continue;
            // Blurred body text loses letters by merging strokes ("ri" read as "n"); large type split into pieces loses
            // thin letters between them ("Med na" for Medina): the header's word must not be shorter, and in pieces, longer.
            if (hCount == 1 ? b.Length < a.Length : b.Length <= a.Length) continue;
            replaced[li] = CasedAs(word, l[li..(li + lCount)]);
            for (var k = li + 1; k < li + lCount; k++) replaced[k] = "";
        }
        if (replaced.Count == 0) return labelled;
        return string.Join(' ', l.Select((word, i) => replaced.TryGetValue(i, out var other) ? other : word).Where(w => w.Length > 0));
    }

    private static readonly HashSet<string> LegalForm = ["sa", "srl", "sas", "sca", "sh", "s", "a", "r", "l"];

    /// <summary>A word's letters and digits, lower case, without accents: what the two readings are compared on.</summary>
    private static string Key(string word) => new([.. OcrText.Fold(word).Where(char.IsLetterOrDigit)]);

    /// <summary>
    /// One word as a word is printed: letters (a final dot or comma allowed), in one case or capitalised — not a piece
    /// with digits, marks or a capital inside lower case, which is how the OCR misreads large type.
    /// </summary>
    private static bool Clean(string word)
    {
        var letters = word.TrimEnd('.', ',');
        if (letters.Length < 2 || !letters.All(char.IsLetter)) return false;
        return letters.All(char.IsUpper) || letters.Skip(1).All(char.IsLower);
    }

    /// <summary>The header's word in the case the label's value prints it: "MAYORISTA" under "Mayonsta" gives "Mayorista".</summary>
    private static string CasedAs(string word, string[] labelled)
    {
        var model = string.Concat(labelled).Where(char.IsLetter).ToArray();
        var text = word.TrimEnd('.', ',');
        var trail = word[text.Length..];
        if (model.Length == 0) return word;
        if (model.All(char.IsUpper)) return text.ToUpperInvariant() + trail;
        if (model.All(char.IsLower)) return text.ToLowerInvariant() + trail;
        if (char.IsUpper(model[0]) && model.Skip(1).All(char.IsLower)) return char.ToUpperInvariant(text[0]) + text[1..].ToLowerInvariant() + trail;
        return word;
    }

    /// <summary>Edit distance between two short keys, giving up past <paramref name="limit"/> (returns limit + 1).</summary>
    internal static int Levenshtein(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit) return limit + 1;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                rowMin = Math.Min(rowMin, current[j]);
            }
            if (rowMin > limit) return limit + 1;
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
