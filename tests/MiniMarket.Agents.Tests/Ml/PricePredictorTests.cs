using MiniMarket.Agents.Ml.Forecasting;
using MiniMarket.Core.Domain;

namespace MiniMarket.Agents.Tests.Ml;

public class PricePredictorTests
{
    private static readonly DateOnly Today = new(2026, 11, 28);

    // As the demo seeds them: today's price deflated at 4,5 % a month, bought every 6 to 15 days for 90 days.
    private static List<PurchasePrice> DemoPrices(int products, double monthlyPercent, int seed)
    {
        var random = new Random(seed);
        var inflation = MonthlyInflation.Create((decimal)monthlyPercent);
        var prices = new List<PurchasePrice>();
        for (var product = 1; product <= products; product++)
        {
            var today = Math.Round((decimal)(100 + (random.NextDouble() * 9900)), 2);
            for (var daysAgo = 90 - random.Next(8); daysAgo >= 1; daysAgo -= 6 + random.Next(10))
            {
                var price = Math.Round(today / InflationAdjustedCost.GrowthFactor(inflation, daysAgo), 2);
                prices.Add(new PurchasePrice(product, Today.AddDays(-daysAgo), price, 10 + random.Next(50)));
            }
        }

        return prices;
    }

    [Fact]
    public void Evaluate_DemoPriceHistory_AccuracyAbove99Percent()
    {
        var evaluation = new PricePredictor().Evaluate(DemoPrices(150, 4.5, seed: 1));

        Assert.Equal(150, evaluation.ProductsEvaluated);
        Assert.Equal(150, evaluation.ProductsByTrend);
        Assert.True(evaluation.AccuracyPercent > 99, $"accuracy {evaluation.AccuracyPercent:0.00} %");
    }

    [Fact]
    public void Evaluate_FewerProductsThanTheMinimum_NotMeasuredInsteadOfAFigure()
    {
        var few = new PricePredictor().Evaluate(DemoPrices(PricePredictor.MinMeasuredProducts - 1, 4.5, seed: 2));
        var none = new PricePredictor().Evaluate([]);
        var enough = new PricePredictor().Evaluate(DemoPrices(PricePredictor.MinMeasuredProducts, 4.5, seed: 2));

        Assert.Equal((null, null, PricePredictor.MinMeasuredProducts - 1), (few.AccuracyPercent, few.MapePercent, few.ProductsEvaluated));
        // No purchases at all used to report accuracy 0 %: a figure nobody measured.
        Assert.Equal((null, null, 0), (none.AccuracyPercent, none.MapePercent, none.ProductsEvaluated));
        Assert.NotNull(enough.AccuracyPercent);
    }

    [Fact]
    public void Predict_ProductRisingThreePercentAMonth_FollowsItsOwnTrendNotTheConfiguredRate()
    {
        var prices = DemoPrices(1, 3.0, seed: 2);
        var last = prices[^1];

        var prediction = new PricePredictor().Predict(prices, 1, last.Day.AddDays(61));

        Assert.Equal(PriceMethod.Trend, prediction.Method);
        Assert.InRange(prediction.MonthlyTrendPercent, 2.9, 3.1);
        var expected = (double)last.UnitPrice * Math.Pow(1.03, 61 / 30.44);
        Assert.InRange((double)prediction.ExpectedUnitPrice, expected * 0.995, expected * 1.005);
    }

    [Fact]
    public void Predict_OneMistypedPurchase_TrendUnmoved()
    {
        var prices = DemoPrices(1, 4.5, seed: 3);
        var typo = prices.Select((p, i) => i == prices.Count - 3 ? p with { UnitPrice = p.UnitPrice * 10 } : p).ToList();

        var prediction = new PricePredictor().Predict(typo, 1, Today);

        Assert.InRange(prediction.MonthlyTrendPercent, 4.0, 5.0);
        Assert.InRange((double)prediction.ExpectedUnitPrice, (double)prices[^1].UnitPrice, (double)prices[^1].UnitPrice * 1.05);
    }

    [Fact]
    public void Predict_TwoPurchasesOnly_CompoundsTheLastPriceAtTheConfiguredInflation()
    {
        List<PurchasePrice> prices = [new(7, Today.AddDays(-40), 900m, 10), new(7, Today.AddDays(-10), 1000m, 4), new(7, Today.AddDays(-10), 1100m, 6)];

        var prediction = new PricePredictor(new PricePredictorOptions { MonthlyInflationPercent = 6m }).Predict(prices, 7, Today.AddDays(20));

        Assert.Equal(PriceMethod.InflationFallback, prediction.Method);
        Assert.Equal(1060m, prediction.LastUnitPrice); // quantity-weighted mean of the day's two purchases
        Assert.Equal(InflationAdjustedCost.At(new Ars(1060m), MonthlyInflation.Create(6m), 30).Amount, prediction.ExpectedUnitPrice);
        Assert.Equal(6.0, prediction.MonthlyTrendPercent);
    }

    [Fact]
    public void Predict_ConstantPrices_PredictsTheSamePrice()
    {
        var prices = Enumerable.Range(0, 8).Select(i => new PurchasePrice(3, Today.AddDays(-10 * i), 1234.56m, 12)).ToList();

        var prediction = new PricePredictor().Predict(prices, 3, Today.AddDays(30));

        Assert.Equal(1234.56m, prediction.ExpectedUnitPrice);
        Assert.Equal(0.0, prediction.MonthlyTrendPercent, 9);
    }

    [Fact]
    public void Predict_ProductNeverBought_UnknownProduct()
    {
        var ex = Assert.Throws<ForecastUnavailableException>(() => new PricePredictor().Predict(DemoPrices(3, 4.5, seed: 4), 99, Today));

        Assert.Equal(ForecastUnavailableReason.UnknownProduct, ex.Reason);
        Assert.Equal(99, ex.ProductId);
    }

    [Fact]
    public void Options_InflationOutOfRange_Refused()
    {
        Assert.Throws<DomainException>(() => new PricePredictor(new PricePredictorOptions { MonthlyInflationPercent = 60m }));
    }
}
