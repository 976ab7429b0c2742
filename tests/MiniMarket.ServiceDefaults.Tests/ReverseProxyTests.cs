namespace MiniMarket.ServiceDefaults.Tests;

public class ReverseProxyTests
{
    [Fact]
    public void KnownProxiesAndNetworks_Valid_Pass()
    {
        var result = new ReverseProxyOptionsValidator().Validate(null, new ReverseProxyOptions
        {
            KnownProxies = ["10.0.0.5", "fd00::5"], KnownNetworks = ["172.31.240.0/24", "fd00::/64"],
        });

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("proxy.local", null, "ReverseProxy:KnownProxies: 'proxy.local'")]
    [InlineData(null, "172.31.240.0", "ReverseProxy:KnownNetworks: '172.31.240.0'")]
    [InlineData(null, "172.31.240.0/33", "ReverseProxy:KnownNetworks: '172.31.240.0/33'")]
    public void ANameOrANetworkWithoutItsPrefix_StopsTheStart_NamingTheSetting(string? proxy, string? network, string expected)
    {
        var result = new ReverseProxyOptionsValidator().Validate(null, new ReverseProxyOptions
        {
            KnownProxies = proxy is null ? [] : [proxy], KnownNetworks = network is null ? [] : [network],
        });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }
}
