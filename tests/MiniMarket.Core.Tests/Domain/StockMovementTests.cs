using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class StockMovementTests
{
    private static readonly ProductCode Code = ProductCode.Create("BEB000001");

    private static StockMovement Apply(int before, StockMovementKind kind, int quantity, string? reference = null,
        Ars? unitPrice = null, string? key = "key-1", string? reason = null, string? user = null, string? agent = null) =>
        StockMovement.Apply(before, Code, kind, quantity, key, reason, reference, unitPrice, user, agent);

    [Theory]
    [InlineData(StockMovementKind.Entrada, 10, 5, 15)]
    [InlineData(StockMovementKind.Entrada, 0, 1, 1)]
    [InlineData(StockMovementKind.Salida, 10, -3, 7)]
    [InlineData(StockMovementKind.Salida, 3, -3, 0)]
    [InlineData(StockMovementKind.Ajuste, 10, -10, 0)]
    [InlineData(StockMovementKind.Ajuste, 10, 4, 14)]
    [InlineData(StockMovementKind.Transferencia, 10, -4, 6)]
    [InlineData(StockMovementKind.Transferencia, 0, 4, 4)]
    public void Apply_AllowedMovement_AfterIsBeforePlusQuantity(StockMovementKind kind, int before, int quantity, int after)
    {
        var movement = Apply(before, kind, quantity, reference: "Sucursal Centro");

        Assert.Equal(before, movement.StockBefore);
        Assert.Equal(after, movement.StockAfter);
        Assert.Equal(quantity, movement.Quantity);
        Assert.Equal(kind, movement.Kind);
        Assert.Equal(Code, movement.ProductCode);
    }

    [Fact]
    public void Apply_NotEnoughStock_RefusesWithRemainingAndAsked()
    {
        var ex = Assert.Throws<DomainException>(() => Apply(3, StockMovementKind.Salida, -5));

        Assert.Equal("quantity", ex.Field);
        Assert.Equal("No hay stock suficiente: quedan 3, se piden 5", ex.Message);
    }

    /// <summary>A movement moves at most <see cref="StockMovement.MaxQuantity"/> units either way, whatever the stock: checked before any lock.</summary>
    [Theory]
    [InlineData(StockMovementKind.Entrada, StockMovement.MaxQuantity + 1)]
    [InlineData(StockMovementKind.Salida, -StockMovement.MaxQuantity - 1)]
    [InlineData(StockMovementKind.Salida, int.MinValue)]
    [InlineData(StockMovementKind.Ajuste, int.MaxValue)]
    public void CheckAndApply_MoreThanTheMostOneMovementMoves_Refused(StockMovementKind kind, int quantity)
    {
        var checkedAlone = Assert.Throws<DomainException>(() => StockMovement.Check(kind, quantity));
        var applied = Assert.Throws<DomainException>(() => Apply(int.MaxValue / 2, kind, quantity));

        Assert.All([checkedAlone, applied], ex => Assert.Equal("quantity", ex.Field));
        Assert.StartsWith("Cantidad fuera de rango", checkedAlone.Message, StringComparison.Ordinal);
        Assert.Equal(checkedAlone.Message, applied.Message);
    }

    /// <summary>What <see cref="StockMovement.Check"/> refuses needs no stock: a sign against the kind, a transferencia without reference, a price of 0.</summary>
    [Fact]
    public void Check_TheMovementsOwnRules_WithoutStock()
    {
        Assert.Equal("quantity", Assert.Throws<DomainException>(() => StockMovement.Check(StockMovementKind.Entrada, -1)).Field);
        Assert.Equal("reference", Assert.Throws<DomainException>(() => StockMovement.Check(StockMovementKind.Transferencia, 5)).Field);
        Assert.Equal("unitPrice", Assert.Throws<DomainException>(() => StockMovement.Check(StockMovementKind.Entrada, 5, unitPrice: new Ars(0m))).Field);
        Assert.Equal("reason", Assert.Throws<DomainException>(() => StockMovement.Check(StockMovementKind.Salida, -5, reason: "a\u0000b")).Field);
        StockMovement.Check(StockMovementKind.Salida, -StockMovement.MaxQuantity, reason: "venta");
    }

    [Theory]
    [InlineData(StockMovementKind.Salida, 0, -1)]
    [InlineData(StockMovementKind.Ajuste, 2, -3)]
    [InlineData(StockMovementKind.Transferencia, 5, -6)]
    [InlineData(StockMovementKind.Salida, 0, -StockMovement.MaxQuantity)]
    public void Apply_BelowZero_Refused(StockMovementKind kind, int before, int quantity)
    {
        var ex = Assert.Throws<DomainException>(() => Apply(before, kind, quantity, reference: "Sucursal Norte"));

        Assert.Equal("quantity", ex.Field);
        Assert.StartsWith("No hay stock suficiente", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StockMovementKind.Entrada)]
    [InlineData(StockMovementKind.Salida)]
    [InlineData(StockMovementKind.Ajuste)]
    [InlineData(StockMovementKind.Transferencia)]
    public void Apply_ZeroQuantity_Refused(StockMovementKind kind)
    {
        var ex = Assert.Throws<DomainException>(() => Apply(10, kind, 0, reference: "Sucursal"));

        Assert.Equal("quantity", ex.Field);
        Assert.Equal("La cantidad no puede ser cero", ex.Message);
    }

    [Theory]
    [InlineData(StockMovementKind.Entrada, -1, "positiva")]
    [InlineData(StockMovementKind.Salida, 1, "negativa")]
    public void Apply_WrongSign_Refused(StockMovementKind kind, int quantity, string word)
    {
        var ex = Assert.Throws<DomainException>(() => Apply(10, kind, quantity));

        Assert.Equal("quantity", ex.Field);
        Assert.Contains(word, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Apply_TransferWithoutBranch_Refused(string? reference)
    {
        var ex = Assert.Throws<DomainException>(() => Apply(10, StockMovementKind.Transferencia, -2, reference: reference));

        Assert.Equal("reference", ex.Field);
    }

    [Fact]
    public void Apply_ReferenceLongerThan100_Refused()
    {
        Assert.Equal("reference", Assert.Throws<DomainException>(() =>
            Apply(1, StockMovementKind.Entrada, 1, reference: new string('r', 101))).Field);
        Assert.Equal(100, Apply(1, StockMovementKind.Entrada, 1, reference: new string('r', 100)).Reference?.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Apply_NoIdempotencyKey_Refused(string? key)
    {
        Assert.Equal("idempotencyKey", Assert.Throws<DomainException>(() => Apply(1, StockMovementKind.Entrada, 1, key: key)).Field);
    }

    [Fact]
    public void Apply_IdempotencyKeyLength_OneToHundred()
    {
        Assert.Equal("k", Apply(1, StockMovementKind.Entrada, 1, key: " k ").IdempotencyKey);
        Assert.Equal(100, Apply(1, StockMovementKind.Entrada, 1, key: new string('k', 100)).IdempotencyKey.Length);
        Assert.Equal("idempotencyKey", Assert.Throws<DomainException>(() =>
            Apply(1, StockMovementKind.Entrada, 1, key: new string('k', 101))).Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Apply_UnitPriceNotPositive_Refused(decimal price)
    {
        Assert.Equal("unitPrice", Assert.Throws<DomainException>(() =>
            Apply(1, StockMovementKind.Entrada, 1, unitPrice: new Ars(price))).Field);
    }

    [Fact]
    public void Apply_OptionalFields_TrimmedOrNull()
    {
        var movement = Apply(5, StockMovementKind.Entrada, 2, reference: " 0001-00012345 ", unitPrice: new Ars(120m),
            reason: " compra ", user: " ana ", agent: " negocio ");

        Assert.Equal("0001-00012345", movement.Reference);
        Assert.Equal(new Ars(120m), movement.UnitPrice);
        Assert.Equal("compra", movement.Reason);
        Assert.Equal("ana", movement.User);
        Assert.Equal("negocio", movement.OriginAgent);

        var bare = Apply(5, StockMovementKind.Entrada, 2, reason: "  ");
        Assert.Null(bare.Reason);
        Assert.Null(bare.Reference);
        Assert.Null(bare.UnitPrice);
        Assert.Null(bare.User);
        Assert.Null(bare.OriginAgent);
    }

    [Theory]
    [InlineData("reason", 201)]
    [InlineData("user", 101)]
    [InlineData("originAgent", 51)]
    public void Apply_TextTooLong_Refused(string field, int length)
    {
        var text = new string('x', length);
        var ex = Assert.Throws<DomainException>(() => Apply(1, StockMovementKind.Entrada, 1,
            reason: field == "reason" ? text : null, user: field == "user" ? text : null, agent: field == "originAgent" ? text : null));

        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Apply_NegativeStockBefore_Refused()
    {
        Assert.Equal("stockBefore", Assert.Throws<DomainException>(() => Apply(-1, StockMovementKind.Entrada, 1)).Field);
    }

    [Fact]
    public void Apply_OverflowingStock_Refused()
    {
        Assert.Equal("quantity", Assert.Throws<DomainException>(() => Apply(int.MaxValue, StockMovementKind.Entrada, 1)).Field);
    }

    [Fact]
    public void Apply_UnknownKindOrNoProduct_Refused()
    {
        Assert.Equal("kind", Assert.Throws<DomainException>(() => Apply(1, (StockMovementKind)42, 1)).Field);
        Assert.Equal("productCode", Assert.Throws<DomainException>(() =>
            StockMovement.Apply(1, default, StockMovementKind.Entrada, 1, "k")).Field);
    }
}

public class StockMovementKindTests
{
    [Theory]
    [InlineData(StockMovementKind.Entrada, "entrada")]
    [InlineData(StockMovementKind.Salida, "salida")]
    [InlineData(StockMovementKind.Ajuste, "ajuste")]
    [InlineData(StockMovementKind.Transferencia, "transferencia")]
    public void ToWireName_EachKind_LowerCaseSpanish(StockMovementKind kind, string wire)
    {
        Assert.Equal(wire, kind.ToWireName());
        Assert.Equal(kind, StockMovementKindWire.Parse(wire));
    }

    [Theory]
    [InlineData("ENTRADA", StockMovementKind.Entrada)]
    [InlineData(" Salida ", StockMovementKind.Salida)]
    [InlineData("aJuStE", StockMovementKind.Ajuste)]
    [InlineData("Transferencia", StockMovementKind.Transferencia)]
    public void Parse_AnyCase_Accepted(string text, StockMovementKind expected)
    {
        Assert.Equal(expected, StockMovementKindWire.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("entradas")]
    [InlineData("venta")]
    [InlineData("transfer")]
    [InlineData("in")]
    public void Parse_Unknown_ThrowsOnKind(string? text)
    {
        var ex = Assert.Throws<DomainException>(() => StockMovementKindWire.Parse(text));

        Assert.Equal("kind", ex.Field);
        Assert.False(StockMovementKindWire.TryParse(text, out _));
    }

    [Fact]
    public void ToWireName_UndefinedValue_Throws()
    {
        Assert.Throws<DomainException>(() => ((StockMovementKind)9).ToWireName());
    }
}
