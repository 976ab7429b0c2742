using MiniMarket.Core.Domain;

namespace MiniMarket.Core.Tests.Domain;

public class ProductTests
{
    private static Product Valid(
        string? code = "ALM000123",
        string? name = "Yerba mate 1 kg",
        string? category = "Almacén",
        decimal purchase = 2500m,
        decimal sale = 3400m,
        int current = 10,
        int min = 5,
        int max = 40,
        string? description = null,
        string? barcode = "7790895000997",
        Guid? supplierId = null) =>
        Product.Create(code, name, category, purchase, sale, current, min, max, description, barcode, supplierId);

    [Fact]
    public void Create_ValidInput_KeepsEveryValue()
    {
        var supplier = Guid.NewGuid();
        var product = Valid(code: " alm000123 ", name: "  Yerba mate 1 kg ", description: " Suave ", supplierId: supplier);

        Assert.Equal("ALM000123", product.Code.Value);
        Assert.Equal("Yerba mate 1 kg", product.Name);
        Assert.Equal("Suave", product.Description);
        Assert.Equal("Almacén", product.Category.Name);
        Assert.Equal("7790895000997", product.Barcode?.Digits);
        Assert.Equal(10, product.CurrentStock);
        Assert.Equal(5, product.MinStock);
        Assert.Equal(40, product.MaxStock);
        Assert.Equal(new Ars(2500m), product.PurchasePrice);
        Assert.Equal(new Ars(3400m), product.SalePrice);
        Assert.Equal(supplier, product.SupplierId);
        Assert.True(product.Active);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_NoBarcode_IsOptional(string? barcode)
    {
        Assert.Null(Valid(barcode: barcode).Barcode);
    }

    [Fact]
    public void Create_NoDescription_IsEmpty()
    {
        Assert.Equal(string.Empty, Valid(description: null).Description);
    }

    [Fact]
    public void Create_StockZeroAndMinEqualsMax_Accepted()
    {
        var product = Valid(current: 0, min: 0, max: 0);

        Assert.Equal(0, product.CurrentStock);
    }

    [Theory]
    [InlineData(null, "code")]
    [InlineData("", "code")]
    [InlineData("ALM 001", "code")]
    [InlineData("ALM/001", "code")]
    [InlineData("AÑO001", "code")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", "code")]
    public void Create_BadCode_ThrowsOnCode(string? code, string field)
    {
        Assert.Equal(field, Assert.Throws<DomainException>(() => Valid(code: code)).Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Create_NoName_ThrowsOnName(string? name)
    {
        var ex = Assert.Throws<DomainException>(() => Valid(name: name));

        Assert.Equal("name", ex.Field);
        Assert.Equal("El nombre del producto es obligatorio", ex.Message);
    }

    [Fact]
    public void Create_NameOf200_AcceptedAnd201_Rejected()
    {
        Assert.Equal(200, Valid(name: new string('a', 200)).Name.Length);
        Assert.Equal("name", Assert.Throws<DomainException>(() => Valid(name: new string('a', 201))).Field);
    }

    [Fact]
    public void Create_DescriptionTooLong_ThrowsOnDescription()
    {
        Assert.Equal("description", Assert.Throws<DomainException>(() => Valid(description: new string('x', 1001))).Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Create_NoCategory_ThrowsOnCategory(string? category)
    {
        Assert.Equal("category", Assert.Throws<DomainException>(() => Valid(category: category)).Field);
    }

    [Theory]
    [InlineData("7790895000990")]
    [InlineData("123")]
    [InlineData("abc")]
    public void Create_BadBarcode_ThrowsOnBarcode(string barcode)
    {
        Assert.Equal("barcode", Assert.Throws<DomainException>(() => Valid(barcode: barcode)).Field);
    }

    [Theory]
    [InlineData(-1, 0, 10, "currentStock")]
    [InlineData(0, -1, 10, "minStock")]
    [InlineData(0, 10, 9, "maxStock")]
    [InlineData(0, 1, 0, "maxStock")]
    [InlineData(int.MinValue, 0, 0, "currentStock")]
    public void Create_BadStockLevels_ThrowsOnThatField(int current, int min, int max, string field)
    {
        Assert.Equal(field, Assert.Throws<DomainException>(() => Valid(current: current, min: min, max: max)).Field);
    }

    [Theory]
    [InlineData(0, 10, "purchasePrice")]
    [InlineData(-1, 10, "purchasePrice")]
    [InlineData(10, 0, "salePrice")]
    [InlineData(10, -0.01, "salePrice")]
    public void Create_PriceNotPositive_ThrowsOnThatField(decimal purchase, decimal sale, string field)
    {
        Assert.Equal(field, Assert.Throws<DomainException>(() => Valid(purchase: purchase, sale: sale)).Field);
    }

    [Fact]
    public void Create_EmptySupplierGuid_Rejected()
    {
        Assert.Equal("supplierId", Assert.Throws<DomainException>(() => Valid(supplierId: Guid.Empty)).Field);
    }

    [Fact]
    public void Create_TypedDefaults_Rejected()
    {
        Assert.Equal("code", Assert.Throws<DomainException>(() =>
            Product.Create(default(ProductCode), "x", Category.Create("c"), new Ars(1), new Ars(1), 0, 0, 0)).Field);
        Assert.Equal("category", Assert.Throws<DomainException>(() =>
            Product.Create(ProductCode.Create("A"), "x", default, new Ars(1), new Ars(1), 0, 0, 0)).Field);
        Assert.Equal("barcode", Assert.Throws<DomainException>(() =>
            Product.Create(ProductCode.Create("A"), "x", Category.Create("c"), new Ars(1), new Ars(1), 0, 0, 0, barcode: default(Ean13))).Field);
    }

    [Fact]
    public void WithStock_Negative_Refused()
    {
        var product = Valid();

        Assert.Equal(25, product.WithStock(25).CurrentStock);
        Assert.Equal(10, product.CurrentStock);
        Assert.Equal("currentStock", Assert.Throws<DomainException>(() => product.WithStock(-1)).Field);
    }

    [Fact]
    public void WithPrices_ValidatesAndReturnsNewProduct()
    {
        var product = Valid().WithPrices(new Ars(2600m), new Ars(3500m));

        Assert.Equal(new Ars(3500m), product.SalePrice);
        Assert.Equal("salePrice", Assert.Throws<DomainException>(() => product.WithPrices(new Ars(1m), Ars.Zero)).Field);
    }

    [Fact]
    public void WithActive_False_Deactivates()
    {
        Assert.False(Valid().WithActive(false).Active);
    }

    [Theory]
    [InlineData(5, 5, "1.0", true)]
    [InlineData(6, 5, "1.0", false)]
    [InlineData(6, 5, "1.3", true)]
    [InlineData(4, 5, "0.8", true)]
    [InlineData(5, 5, "0.8", false)]
    public void IsCritical_UsesSeasonalFactor(int current, int min, string factor, bool expected)
    {
        var product = Valid(current: current, min: min);

        Assert.Equal(expected, product.IsCritical(decimal.Parse(factor, System.Globalization.CultureInfo.InvariantCulture)));
    }
}

public class ProductCodeAndCategoryTests
{
    [Theory]
    [InlineData("alm000123", "ALM000123")]
    [InlineData("  beb-001_x ", "BEB-001_X")]
    [InlineData("A", "A")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")]
    [InlineData("123", "123")]
    [InlineData("lac_", "LAC_")]
    public void Create_ValidCode_TrimsAndUpperCases(string text, string expected)
    {
        Assert.Equal(expected, ProductCode.Create(text).Value);
        Assert.Equal(expected, ProductCode.Create(text).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("ALM 001")]
    [InlineData("ALM.001")]
    [InlineData("ALM#1")]
    [InlineData("ÁLM001")]
    [InlineData("ÑOQUI")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456")]
    [InlineData("ALM\t001")]
    [InlineData("ＡＬＭ")]
    public void TryCreate_InvalidCode_Rejected(string? text)
    {
        Assert.False(ProductCode.TryCreate(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Create_InvalidCharacter_NamesIt()
    {
        var ex = Assert.Throws<DomainException>(() => ProductCode.Create("ALM/1"));

        Assert.Equal("code", ex.Field);
        Assert.Contains("'/'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_CaseInsensitiveInput_SameCode()
    {
        Assert.Equal(ProductCode.Create("beb000001"), ProductCode.Create("BEB000001"));
    }

    [Theory]
    [InlineData(" Bebidas ", "Bebidas")]
    [InlineData("L", "L")]
    public void CategoryCreate_Valid_Trims(string text, string expected)
    {
        Assert.Equal(expected, Category.Create(text).Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void CategoryCreate_Blank_Rejected(string? text)
    {
        Assert.Equal("category", Assert.Throws<DomainException>(() => Category.Create(text)).Field);
    }

    [Fact]
    public void CategoryCreate_SixtyAccepted_SixtyOneRejected()
    {
        Assert.Equal(60, Category.Create(new string('c', 60)).Name.Length);
        Assert.Throws<DomainException>(() => Category.Create(new string('c', 61)));
    }
}
