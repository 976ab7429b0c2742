using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class PurchaseOrderStateMachineTests
{
    [Theory]
    [InlineData(PurchaseOrderState.Borrador, PurchaseOrderState.Borrador, false)]
    [InlineData(PurchaseOrderState.Borrador, PurchaseOrderState.Enviada, true)]
    [InlineData(PurchaseOrderState.Borrador, PurchaseOrderState.Recibida, false)]
    [InlineData(PurchaseOrderState.Borrador, PurchaseOrderState.Cancelada, true)]
    [InlineData(PurchaseOrderState.Enviada, PurchaseOrderState.Borrador, false)]
    [InlineData(PurchaseOrderState.Enviada, PurchaseOrderState.Enviada, false)]
    [InlineData(PurchaseOrderState.Enviada, PurchaseOrderState.Recibida, true)]
    [InlineData(PurchaseOrderState.Enviada, PurchaseOrderState.Cancelada, true)]
    [InlineData(PurchaseOrderState.Recibida, PurchaseOrderState.Borrador, false)]
    [InlineData(PurchaseOrderState.Recibida, PurchaseOrderState.Enviada, false)]
    [InlineData(PurchaseOrderState.Recibida, PurchaseOrderState.Recibida, false)]
    [InlineData(PurchaseOrderState.Recibida, PurchaseOrderState.Cancelada, false)]
    [InlineData(PurchaseOrderState.Cancelada, PurchaseOrderState.Borrador, false)]
    [InlineData(PurchaseOrderState.Cancelada, PurchaseOrderState.Enviada, false)]
    [InlineData(PurchaseOrderState.Cancelada, PurchaseOrderState.Recibida, false)]
    [InlineData(PurchaseOrderState.Cancelada, PurchaseOrderState.Cancelada, false)]
    public void CanTransition_AllSixteenPairs_MatchTable(PurchaseOrderState from, PurchaseOrderState to, bool allowed)
    {
        Assert.Equal(allowed, PurchaseOrderStateMachine.CanTransition(from, to));
        if (allowed)
        {
            PurchaseOrderStateMachine.EnsureCanTransition(from, to);
        }
        else
        {
            var ex = Assert.Throws<DomainException>(() => PurchaseOrderStateMachine.EnsureCanTransition(from, to));
            Assert.Equal("state", ex.Field);
            Assert.Equal($"No se puede pasar de {from.ToWireName()} a {to.ToWireName()}", ex.Message);
        }
    }

    [Theory]
    [InlineData(PurchaseOrderState.Borrador, "borrador", false)]
    [InlineData(PurchaseOrderState.Enviada, "enviada", false)]
    [InlineData(PurchaseOrderState.Recibida, "recibida", true)]
    [InlineData(PurchaseOrderState.Cancelada, "cancelada", true)]
    public void WireName_RoundTripsAndFinality(PurchaseOrderState state, string wire, bool final)
    {
        Assert.Equal(wire, state.ToWireName());
        Assert.Equal(state, PurchaseOrderStateMachine.ParseWireName(wire.ToUpperInvariant()));
        Assert.Equal(final, state.IsFinal());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("enviado")]
    [InlineData("sent")]
    public void ParseWireName_Unknown_ThrowsOnState(string? text)
    {
        Assert.Equal("state", Assert.Throws<DomainException>(() => PurchaseOrderStateMachine.ParseWireName(text)).Field);
    }
}

public class PurchaseOrderTests
{
    private static readonly Guid Supplier = Guid.Parse("6f0c8a4e-7a43-4c3e-9d3a-3c1d3c6f1a10");
    private static readonly ProductCode Yerba = ProductCode.Create("ALM000001");
    private static readonly ProductCode Agua = ProductCode.Create("BEB000002");

    private static PurchaseOrder Draft() => PurchaseOrder.Create(Supplier,
    [
        new PurchaseOrderLine(Yerba, 10, new Ars(2500m)),
        new PurchaseOrderLine(Agua, 24, new Ars(800m)),
    ]);

    [Fact]
    public void Create_ValidLines_StartsAsBorradorWithTotal()
    {
        var order = Draft();

        Assert.Equal(PurchaseOrderState.Borrador, order.State);
        Assert.Equal(new Ars(25000m + 19200m), order.Total);
        Assert.All(order.Lines, l => Assert.Equal(0, l.ReceivedQuantity));
        Assert.Equal(Supplier, order.SupplierId);
    }

    [Fact]
    public void Create_IgnoresReceivedQuantitiesGiven()
    {
        var order = PurchaseOrder.Create(Supplier, [new PurchaseOrderLine(Yerba, 10, new Ars(1m), ReceivedQuantity: 4)]);

        Assert.Equal(0, order.Lines[0].ReceivedQuantity);
    }

    [Fact]
    public void Create_NoLines_ThrowsOnLines()
    {
        Assert.Equal("lines", Assert.Throws<DomainException>(() => PurchaseOrder.Create(Supplier, [])).Field);
    }

    [Fact]
    public void Create_NoSupplier_ThrowsOnSupplierId()
    {
        Assert.Equal("supplierId", Assert.Throws<DomainException>(() =>
            PurchaseOrder.Create(Guid.Empty, [new PurchaseOrderLine(Yerba, 1, new Ars(1m))])).Field);
    }

    [Theory]
    [InlineData(0, "1", "lines[1].quantity")]
    [InlineData(-3, "1", "lines[1].quantity")]
    [InlineData(5, "0", "lines[1].unitPrice")]
    [InlineData(5, "-1", "lines[1].unitPrice")]
    public void Create_BadSecondLine_ThrowsWithIndexedField(int quantity, string price, string field)
    {
        var ex = Assert.Throws<DomainException>(() => PurchaseOrder.Create(Supplier,
        [
            new PurchaseOrderLine(Yerba, 1, new Ars(1m)),
            new PurchaseOrderLine(Agua, quantity, new Ars(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture))),
        ]));

        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Create_DuplicateOrMissingProduct_Refused()
    {
        Assert.Equal("lines[1].productCode", Assert.Throws<DomainException>(() => PurchaseOrder.Create(Supplier,
            [new PurchaseOrderLine(Yerba, 1, new Ars(1m)), new PurchaseOrderLine(Yerba, 2, new Ars(1m))])).Field);
        Assert.Equal("lines[0].productCode", Assert.Throws<DomainException>(() => PurchaseOrder.Create(Supplier,
            [new PurchaseOrderLine(default, 1, new Ars(1m))])).Field);
    }

    [Fact]
    public void SendThenReceive_FullOrder_Recibida()
    {
        var received = Draft().Send().Receive();

        Assert.Equal(PurchaseOrderState.Recibida, received.State);
        Assert.True(received.IsFullyReceived);
        Assert.All(received.Lines, l => Assert.Equal(l.Quantity, l.ReceivedQuantity));
    }

    [Fact]
    public void Operations_ReturnNewOrder_OriginalUnchanged()
    {
        var draft = Draft();
        var sent = draft.Send();

        Assert.Equal(PurchaseOrderState.Borrador, draft.State);
        Assert.Equal(PurchaseOrderState.Enviada, sent.State);
    }

    [Fact]
    public void ReceivePartial_SomeLinesPending_StaysEnviada()
    {
        var order = Draft().Send().Receive(Yerba, 4);

        Assert.Equal(PurchaseOrderState.Enviada, order.State);
        Assert.Equal(4, order.Lines[0].ReceivedQuantity);
        Assert.Equal(6, order.Lines[0].PendingQuantity);
        Assert.False(order.IsFullyReceived);
    }

    [Fact]
    public void ReceivePartial_LastPendingUnits_BecomesRecibida()
    {
        var order = Draft().Send()
            .Receive(Yerba, 4)
            .Receive(new Dictionary<ProductCode, int> { [Yerba] = 6, [Agua] = 20 })
            .Receive(Agua, 4);

        Assert.Equal(PurchaseOrderState.Recibida, order.State);
    }

    [Fact]
    public void ReceivePartial_MoreThanPending_RefusedWithCounts()
    {
        var order = Draft().Send().Receive(Yerba, 8);

        var ex = Assert.Throws<DomainException>(() => order.Receive(Yerba, 3));

        Assert.Equal("lines[0].quantity", ex.Field);
        Assert.Equal("No se pueden recibir 3 de ALM000001: quedan 2 pendientes de 10 pedidos", ex.Message);
    }

    [Fact]
    public void ReceiveSeveral_OneBadLine_NothingApplied()
    {
        var order = Draft().Send();

        Assert.Throws<DomainException>(() => order.Receive(new Dictionary<ProductCode, int> { [Yerba] = 5, [Agua] = 25 }));
        Assert.All(order.Lines, l => Assert.Equal(0, l.ReceivedQuantity));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ReceivePartial_NotPositive_Refused(int quantity)
    {
        Assert.Equal("lines[0].quantity", Assert.Throws<DomainException>(() => Draft().Send().Receive(Yerba, quantity)).Field);
    }

    [Fact]
    public void ReceivePartial_UnknownProductOrNothing_Refused()
    {
        var sent = Draft().Send();

        Assert.Equal("productCode", Assert.Throws<DomainException>(() => sent.Receive(ProductCode.Create("KIO999999"), 1)).Field);
        Assert.Equal("lines", Assert.Throws<DomainException>(() => sent.Receive(new Dictionary<ProductCode, int>())).Field);
    }

    [Fact]
    public void Receive_FromBorrador_Refused()
    {
        var ex = Assert.Throws<DomainException>(() => Draft().Receive());

        Assert.Equal("state", ex.Field);
        Assert.Equal("No se puede pasar de borrador a recibida", ex.Message);
        Assert.Equal("state", Assert.Throws<DomainException>(() => Draft().Receive(Yerba, 1)).Field);
    }

    [Fact]
    public void Send_WhenRecibida_RefusedWithSpanishMessage()
    {
        var ex = Assert.Throws<DomainException>(() => Draft().Send().Receive().Send());

        Assert.Equal("state", ex.Field);
        Assert.Equal("No se puede pasar de recibida a enviada", ex.Message);
    }

    [Fact]
    public void Cancel_FromBorradorOrEnviada_Cancelada()
    {
        Assert.Equal(PurchaseOrderState.Cancelada, Draft().Cancel().State);
        Assert.Equal(PurchaseOrderState.Cancelada, Draft().Send().Cancel().State);
        Assert.Equal(PurchaseOrderState.Cancelada, Draft().Send().Receive(Yerba, 2).Cancel().State);
    }

    [Fact]
    public void Cancel_FromFinalStates_Refused()
    {
        Assert.Equal("No se puede pasar de recibida a cancelada",
            Assert.Throws<DomainException>(() => Draft().Send().Receive().Cancel()).Message);
        Assert.Equal("No se puede pasar de cancelada a cancelada",
            Assert.Throws<DomainException>(() => Draft().Cancel().Cancel()).Message);
        Assert.Equal("No se puede pasar de cancelada a enviada",
            Assert.Throws<DomainException>(() => Draft().Cancel().Send()).Message);
    }

    [Fact]
    public void Send_Twice_Refused()
    {
        Assert.Equal("No se puede pasar de enviada a enviada",
            Assert.Throws<DomainException>(() => Draft().Send().Send()).Message);
    }
}
