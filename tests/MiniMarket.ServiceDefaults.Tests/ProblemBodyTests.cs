using MiniMarket.ServiceDefaults;

namespace MiniMarket.ServiceDefaults.Tests;

public class ProblemBodyTests
{
    [Fact]
    public void Parse_AProblemWithFieldErrors_GivesTitleDetailAndEachFieldsMessages()
    {
        var problem = ProblemBody.Parse("""
            {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.21","title":"La factura no cumple las reglas de AFIP","status":422,
             "detail":"2 problemas","errors":{"lines[1].amount":["El importe de la línea 2 no es cantidad × precio."],"total":"Falta el total."}}
            """)!;

        Assert.Equal("La factura no cumple las reglas de AFIP", problem.Title);
        Assert.Equal("2 problemas", problem.Detail);
        Assert.Equal(["El importe de la línea 2 no es cantidad × precio."], problem.Errors["lines[1].amount"]);
        Assert.Equal(["Falta el total."], problem.Errors["total"]); // a single string is one message
    }

    [Fact]
    public void Parse_FieldsWhoseMessagesAreNotText_ArePassedOver_AndMissingPartsAreNull()
    {
        var problem = ProblemBody.Parse("""{"title":7,"errors":{"a":[1,"uno"],"b":{},"c":[]}}""")!;

        Assert.Null(problem.Title);
        Assert.Null(problem.Detail);
        Assert.Equal(["uno"], problem.Errors["a"]);
        Assert.Equal(["a"], problem.Errors.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("Service Unavailable")]
    [InlineData("\"just a JSON string\"")]
    [InlineData("[1, 2]")]
    [InlineData("{\"title\": ")]
    public void Parse_ABodyThatIsNoJsonObject_IsNull(string? body) => Assert.Null(ProblemBody.Parse(body));
}
