using System.Net.Http.Headers;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Agents.Negocio;

/// <summary>
/// ml's OCR of an invoice image: never retried (slow, and not idempotent), with a circuit of its own so that forecasts
/// refused while ml has no model yet do not stop invoices from being read.
/// </summary>
public sealed class MlOcrClient(HttpClient http)
{
    private const string Target = DependencyCalls.Ml;

    /// <summary>One page as the raw body; more, as the files of a multipart form in page order.</summary>
    public async Task<OcrInvoiceDto> ReadInvoiceAsync(IReadOnlyList<(byte[] Bytes, string ContentType)> pages, CancellationToken ct)
    {
        HttpContent content;
        if (pages.Count == 1)
        {
            content = new ByteArrayContent(pages[0].Bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(pages[0].ContentType);
        }
        else
        {
            var form = new MultipartFormDataContent();
            for (var i = 0; i < pages.Count; i++)
            {
                var page = new ByteArrayContent(pages[i].Bytes);
                page.Headers.ContentType = new MediaTypeHeaderValue(pages[i].ContentType);
                form.Add(page, "pagina", $"pagina-{i + 1}.{(pages[i].ContentType == "image/png" ? "png" : "jpg")}");
            }
            content = form;
        }
        var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/ocr/invoices") { Content = content };
        return (await DependencyCalls.SendAsync<OcrInvoiceDto>(http, Target, request, ct))!;
    }
}
