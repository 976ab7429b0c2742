using Markdig;

namespace MiniMarket.Console.Services;

/// <summary>
/// The one Markdig pipeline of the console's documents (guides and runbooks): Markdig's advanced extensions (tables,
/// heading anchors <c>{#id}</c>, task lists) with raw HTML disabled, so that no document can inject markup.
/// </summary>
internal static class SafeMarkdown
{
    public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();
}
