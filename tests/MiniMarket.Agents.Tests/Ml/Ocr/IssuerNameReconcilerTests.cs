using MiniMarket.Agents.Ml.Ocr;

namespace MiniMarket.Agents.Tests.Ml.Ocr;

/// <summary>
/// The issuer's name after its label and in the header's large type: the same name read twice, a word misread in one
/// taken from the other. Cases are the benchmark's misses (afip layout, rotated and photographed pages).
/// </summary>
public class IssuerNameReconcilerTests
{
    [Theory]
    // Body text blurred: strokes lost ("ri" read as "n", "Fr" as "Eng"); the header's capitals read them right.
    [InlineData("Distribuidora Mayonsta de Golosinas La Golondrina S.R.L.", "DISTRIBUIDORA MAYORISTA DE GOLOSINAS LA GOLONDRINA", "Distribuidora Mayorista de Golosinas La Golondrina S.R.L.")]
    [InlineData("Engorífico y Chacinados San Javier S.A.", "Frigorífico y Chacinados San Javier S.A.", "Frigorífico y Chacinados San Javier S.A.")]
    [InlineData("Almacén Mayonsta Belgrano S.A.", "Almacén Mayorista Belgrano S.A.", "Almacén Mayorista Belgrano S.A.")]
    [InlineData("Medina Gabnela", "MEDINA GABRIELA", "Medina Gabriela")]
    [InlineData("Distribuidora Mayonsta de Golosinas La Golondrina S.R.L.", "DISTRIBUIDORA MAYORI STA DE GOLOSINAS LA", "Distribuidora Mayorista de Golosinas La Golondrina S.R.L.")]
    [InlineData("MEDINA GABNELA", "Medina Gabriela", "MEDINA GABRIELA")]
    // A word the label's value split, one clean word in the header.
    [InlineData("Distribuidora Avel la neda Hnos. S.R.L.", "Distribuidora Avellaneda Hnos. S.R.L.", "Distribuidora Avellaneda Hnos. S.R.L.")]
    public void AWordMisreadInTheLabelsValue_IsTakenFromTheHeader(string labelled, string header, string expected) =>
        Assert.Equal(expected, IssuerNameReconciler.Reconcile(labelled, header));

    [Theory]
    // The header's large type split or misread into no clean word: the label's value stands.
    [InlineData("Maltería Quilmes S.A.", "Ma Itería Quilmes")]
    [InlineData("Distribuidora Mayorista de Golosinas La Golondrina S.R.L.", "Distribuidora Mayorista de SORInas La Golondrina")]
    [InlineData("Medina Jorge Luis", "Med na Jorge Lu IS")]
    [InlineData("Droguería del Oeste S.R.L.", "Drogueria de1 Oeste")]
    // Another name in the header (a trade name): nothing taken from it.
    [InlineData("Pérez Juan Carlos", "Almacén El Sol")]
    [InlineData("Comercial Río de la Plata S.A.", "Supermercado La Plata")]
    // The same words: the label's value as it is (its accents and legal form).
    [InlineData("Compañía Distribuidora de Bebidas Andinas S.A.", "COMPANIA DISTRIBUIDORA DE BEBIDAS ANDINAS")]
    [InlineData("Juan", "")]
    public void WhereTheHeaderIsNoBetter_TheLabelsValueStands(string labelled, string header) =>
        Assert.Equal(labelled, IssuerNameReconciler.Reconcile(labelled, header));

    [Fact]
    public void AHeaderOfNoise_ChangesNothing_AndLongTextsAreLeftAlone()
    {
        Assert.Equal("Lácteos del Sur S.A.", IssuerNameReconciler.Reconcile("Lácteos del Sur S.A.", "|| ,, 1 2 3 -- ;"));
        var many = string.Join(' ', Enumerable.Repeat("Mayonsta", 41));
        Assert.Equal(many, IssuerNameReconciler.Reconcile(many, string.Join(' ', Enumerable.Repeat("Mayorista", 41))));
        var noise = new string('m', 5000);
        Assert.Equal("Mayonsta " + noise, IssuerNameReconciler.Reconcile("Mayonsta " + noise, "MAYORISTA " + noise));
    }

    [Theory]
    [InlineData("mayonsta", "mayorista", 2)]
    [InlineData("engorifico", "frigorifico", 3)]
    [InlineData("abc", "abc", 0)]
    [InlineData("abcdefgh", "zzzzzzzz", 3)]
    public void Levenshtein_GivesUpPastItsLimit(string a, string b, int expected) =>
        Assert.Equal(expected, IssuerNameReconciler.Levenshtein(a, b, 2) is var d && d > 2 ? 3 : d);
}
