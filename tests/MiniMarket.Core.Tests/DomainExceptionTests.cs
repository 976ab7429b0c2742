using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests;

public class DomainExceptionTests
{
    [Fact]
    public void Constructor_KeepsFieldAndMessage()
    {
        var ex = new DomainException("cuit", "mal");
        Assert.Equal("cuit", ex.Field);
        Assert.Equal("mal", ex.Message);
    }
}
