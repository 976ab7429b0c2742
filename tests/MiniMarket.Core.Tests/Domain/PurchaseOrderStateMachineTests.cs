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
