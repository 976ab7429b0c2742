namespace MiniMarket.Console;

/// <summary>Marker for the console's texts: <c>Resources/Strings.resx</c> (Spanish, es-AR, the neutral language).</summary>
public sealed class Strings;
