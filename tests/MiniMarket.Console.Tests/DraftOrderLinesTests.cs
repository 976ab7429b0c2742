using MiniMarket.Console.Model;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Console.Tests;

public class DraftOrderLinesTests
{
    private static PurchaseOrderLineDto Line(int productId, int quantity, decimal price) =>
        new(productId, "P" + productId, "Producto " + productId, quantity, 0, price, quantity * price);

    private static PurchaseOrderDto Draft(params PurchaseOrderLineDto[] lines) =>
        new(Guid.NewGuid(), 7, "OC-000007", Guid.NewGuid(), "La Serenísima", "borrador", "manual", lines, lines.Sum(l => l.Subtotal), 0m,
            "encargado", DateTimeOffset.UnixEpoch, null, null);

    [Fact]
    public void Untouched_IsNotDirty_AndHasNoChanges()
    {
        var draft = new DraftOrderLines();
        draft.Reset(Draft(Line(1, 10, 100m), Line(2, 5, 20m)));

        Assert.False(draft.Dirty);
        Assert.Empty(draft.Changes());
        Assert.Equal(1_100m, draft.Total);
    }

    [Fact]
    public void TypedQuantities_AreTheChanges_ZeroRemoves_AndTheTotalFollows()
    {
        var order = Draft(Line(1, 10, 100m), Line(2, 5, 20m), Line(3, 1, 7m));
        var draft = new DraftOrderLines();
        draft.Reset(order);

        draft.Set(1, 12);
        draft.Set(3, 0);
        draft.Set(2, 5);

        Assert.True(draft.Dirty);
        Assert.Equal([new OrderLineQuantityRequest(1, 12), new OrderLineQuantityRequest(3, 0)], draft.Changes());
        Assert.Equal(1_300m, draft.Total);
        Assert.Equal(12, draft.QuantityOf(order.Lines[0]));
    }

    [Fact]
    public void AnEmptyQuantity_IsMarkedOnItsLine_AndNotSent()
    {
        var order = Draft(Line(1, 10, 100m), Line(2, 5, 20m));
        var draft = new DraftOrderLines();
        draft.Reset(order);
        draft.Set(2, null);

        Assert.False(draft.CheckFilled(draft.Changes(), "Falta la cantidad"));
        Assert.Equal("Falta la cantidad", draft.ErrorOf(order.Lines[1]));
        Assert.Null(draft.ErrorOf(order.Lines[0]));

        draft.Set(2, 4);
        Assert.Null(draft.ErrorOf(order.Lines[1]));
        Assert.True(draft.CheckFilled(draft.Changes(), "Falta la cantidad"));
    }

    [Fact]
    public void NegociosErrors_NamingASentLine_GoNextToIt_TheRestAbove()
    {
        var order = Draft(Line(1, 10, 100m), Line(2, 5, 20m), Line(3, 1, 7m));
        var draft = new DraftOrderLines();
        draft.Reset(order);
        draft.Set(3, 999_999);
        draft.Set(1, 11);
        var sent = draft.Changes();

        var general = draft.PlaceErrors(new Dictionary<string, string[]>
        {
            ["lines[1].quantity"] = ["Supera el máximo."],
            ["lines[9].quantity"] = ["Línea que no se envió."],
            ["supplierId"] = ["Proveedor inactivo."],
        }, sent);

        Assert.Equal("Supera el máximo.", draft.ErrorOf(order.Lines[2]));
        Assert.Null(draft.ErrorOf(order.Lines[0]));
        Assert.Equal(["Línea que no se envió.", "Proveedor inactivo."], general.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reset_DropsTypedChangesAndErrors()
    {
        var order = Draft(Line(1, 10, 100m));
        var draft = new DraftOrderLines();
        draft.Reset(order);
        draft.Set(1, null);
        draft.CheckFilled(draft.Changes(), "Falta");

        draft.Reset(order);

        Assert.False(draft.Dirty);
        Assert.Null(draft.ErrorOf(order.Lines[0]));
    }

    [Theory]
    [InlineData("lines[0].quantity", 0)]
    [InlineData("lines[12].quantity", 12)]
    [InlineData("lines[].quantity", null)]
    [InlineData("lines[-1].quantity", null)]
    [InlineData("lines[x]", null)]
    [InlineData("supplierId", null)]
    public void LineIndex_ReadsOnlyAWellFormedIndex(string field, int? expected) => Assert.Equal(expected, DraftOrderLines.LineIndex(field));
}
