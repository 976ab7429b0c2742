using SkiaSharp;

namespace MiniMarket.InvoiceCorpus;

/// <summary>A regular and a bold face of one family, loaded from TTF files by path (no fontconfig).</summary>
internal sealed record FontFamily(string Name, SKTypeface Regular, SKTypeface Bold);

/// <summary>
/// How one page looks, drawn from the seed so that the corpus is not a single template: font family and size
/// (9–11 pt at 200 DPI), line spacing, margins, small offsets, and the printing variants AFIP's own PDFs show
/// (CUIT with or without dashes, point of sale with 5 or 4 digits).
/// </summary>
internal sealed record RenderStyle(
    FontFamily Family,
    float FontPx,
    float LineFactor,
    float MarginX,
    float MarginY,
    float ReceiverColumn,
    bool CuitDashes,
    int PointOfSaleDigits,
    byte HeaderGrey,
    SKColor Ink)
{
    public const int Dpi = 200;

    public static RenderStyle From(int seed)
    {
        var random = new Random(unchecked(seed * 31 + 0x51A1));
        var roll = random.Next(100);
        var family = roll switch
        {
            < 40 => FontLibrary.Sans,
            < 60 => FontLibrary.SansCondensed,
            < 85 => FontLibrary.Liberation,
            _ => FontLibrary.Serif,
        };
        var points = 9f + 2f * (float)random.NextDouble();
        return new RenderStyle(
            family,
            FontPx: MathF.Round(points * Dpi / 72f, 1),
            LineFactor: 1.30f + 0.2f * (float)random.NextDouble(),
            MarginX: random.Next(60, 101),
            MarginY: random.Next(50, 91),
            ReceiverColumn: 0.34f + 0.06f * (float)random.NextDouble(),
            CuitDashes: random.Next(100) < 70,
            PointOfSaleDigits: random.Next(100) < 75 ? 5 : 4,
            HeaderGrey: (byte)random.Next(218, 243),
            Ink: new SKColor((byte)random.Next(0, 40), (byte)random.Next(0, 40), (byte)random.Next(0, 50)));
    }
}

/// <summary>
/// The fonts the renderer uses: DejaVu Sans and Serif (Debian package fonts-dejavu-core), DejaVu Sans Condensed
/// (fonts-dejavu-extra) and Liberation Sans (fonts-liberation2 or fonts-liberation), all required — with one missing the
/// same seed would draw another corpus, and the OCR's figures would not compare from machine to machine (a machine
/// without Liberation read the same code's lines 99.1 % exact where one with it read 99.5 %).
/// Typefaces are immutable and shared by every render.
/// </summary>
internal static class FontLibrary
{
    private const string DejaVu = "/usr/share/fonts/truetype/dejavu/";
    private const string Liberation2 = "/usr/share/fonts/truetype/liberation2/";
    private const string Liberation1 = "/usr/share/fonts/truetype/liberation/";

    private static readonly Lazy<FontFamily> LazySans = new(() =>
        Load("DejaVu Sans", DejaVu + "DejaVuSans.ttf", DejaVu + "DejaVuSans-Bold.ttf")
        ?? throw new FileNotFoundException(
            $"The invoice corpus needs the DejaVu fonts ({DejaVu}DejaVuSans.ttf and DejaVuSans-Bold.ttf): " +
            "install them with 'apt-get install -y fonts-dejavu-core'."));

    private static readonly Lazy<FontFamily> LazySerif = new(() =>
        Load("DejaVu Serif", DejaVu + "DejaVuSerif.ttf", DejaVu + "DejaVuSerif-Bold.ttf") ?? throw Missing("DejaVu Serif", "fonts-dejavu-core"));

    private static readonly Lazy<FontFamily> LazyCondensed = new(() =>
        Load("DejaVu Sans Condensed", DejaVu + "DejaVuSansCondensed.ttf", DejaVu + "DejaVuSansCondensed-Bold.ttf") ?? throw Missing("DejaVu Sans Condensed", "fonts-dejavu-extra"));

    private static readonly Lazy<FontFamily> LazyLiberation = new(() =>
        Load("Liberation Sans", Liberation2 + "LiberationSans-Regular.ttf", Liberation2 + "LiberationSans-Bold.ttf")
        ?? Load("Liberation Sans", Liberation1 + "LiberationSans-Regular.ttf", Liberation1 + "LiberationSans-Bold.ttf")
        ?? throw Missing("Liberation Sans", "fonts-liberation2"));

    private static FileNotFoundException Missing(string family, string package) =>
        new($"The invoice corpus needs the font {family}: install it with 'apt-get install -y {package}' (./run.sh and ./test.sh do).");

    public static FontFamily Sans => LazySans.Value;

    public static FontFamily Serif => LazySerif.Value;

    public static FontFamily SansCondensed => LazyCondensed.Value;

    public static FontFamily Liberation => LazyLiberation.Value;

    private static FontFamily? Load(string name, string regularPath, string boldPath)
    {
        if (!File.Exists(regularPath) || !File.Exists(boldPath))
        {
            return null;
        }

        var regular = SKTypeface.FromFile(regularPath)
            ?? throw new InvalidOperationException($"SkiaSharp could not load the font {regularPath}");
        var bold = SKTypeface.FromFile(boldPath)
            ?? throw new InvalidOperationException($"SkiaSharp could not load the font {boldPath}");
        return new FontFamily(name, regular, bold);
    }
}
