namespace MiniMarket.Core.Domain;

/// <summary>
/// How far apart two amounts may be before an invoice is flagged for review.
/// <see cref="WithinOnePercent"/>: |expected − actual| &lt;= 1 % of max(|expected|, |actual|), exact in decimal; exactly 1 % is
/// accepted, 1.01 % is not; two zeros match. <see cref="Matches"/> also accepts a difference of up to 1 cent, so that a
/// rounding on a small amount (0,10 vs 0,11) is not flagged.
/// </summary>
public static class Tolerance
{
    public const decimal OneCent = 0.01m;

    public static bool WithinOnePercent(decimal expected, decimal actual) =>
        Math.Abs(expected - actual) <= Math.Max(Math.Abs(expected), Math.Abs(actual)) / 100m;

    /// <summary>Within 1 % (see <see cref="WithinOnePercent"/>) or within 1 cent.</summary>
    public static bool Matches(decimal expected, decimal actual) =>
        Math.Abs(expected - actual) <= OneCent || WithinOnePercent(expected, actual);

    public static bool Matches(Ars expected, Ars actual) => Matches(expected.Amount, actual.Amount);
}
