using System.Globalization;
using MiniMarket.Core.Contracts;

namespace MiniMarket.Console.Model;

/// <summary>
/// The quantities a person is typing into a draft purchase order, beside what negocio has: what changed (0 removes a
/// line, empty is not allowed), the draft's total as typed, and negocio's refusals placed next to the line they name
/// (<c>lines[2].quantity</c> is the third line sent). The order page shows it; nothing here talks to negocio.
/// </summary>
public sealed class DraftOrderLines
{
    private readonly Dictionary<int, string> _errors = new();
    private PurchaseOrderDto? _order;
    private Dictionary<int, int?> _quantities = new();

    /// <summary>Starts again from the order as negocio answered it (typed changes and errors dropped).</summary>
    public void Reset(PurchaseOrderDto order)
    {
        _order = order;
        _quantities = order.Lines.ToDictionary(l => l.ProductId, l => (int?)l.Quantity);
        _errors.Clear();
    }

    public int? QuantityOf(PurchaseOrderLineDto line) => _quantities.TryGetValue(line.ProductId, out var quantity) ? quantity : line.Quantity;

    /// <summary>A new quantity typed for a line clears that line's error.</summary>
    public void Set(int productId, int? quantity)
    {
        _quantities[productId] = quantity;
        _errors.Remove(productId);
    }

    /// <summary>Some quantity differs from what negocio has.</summary>
    public bool Dirty => _order is not null && _order.Lines.Any(l => QuantityOf(l) != l.Quantity);

    public decimal Total => _order?.Lines.Sum(l => (QuantityOf(l) ?? 0) * l.UnitPrice) ?? 0m;

    public string? ErrorOf(PurchaseOrderLineDto line) => _errors.GetValueOrDefault(line.ProductId);

    /// <summary>The lines whose quantity changed, as negocio expects them (0 removes the line).</summary>
    public IReadOnlyList<OrderLineQuantityRequest> Changes() => _order is null ? [] : Changes(_order, _quantities);

    public static IReadOnlyList<OrderLineQuantityRequest> Changes(PurchaseOrderDto order, IReadOnlyDictionary<int, int?> quantities) =>
        order.Lines.Where(l => quantities.TryGetValue(l.ProductId, out var q) && q != l.Quantity)
            .Select(l => new OrderLineQuantityRequest(l.ProductId, quantities[l.ProductId]))
            .ToList();

    /// <summary>Marks every changed line left empty with <paramref name="required"/>; true when there was none (the changes may be sent).</summary>
    public bool CheckFilled(IReadOnlyList<OrderLineQuantityRequest> changes, string required)
    {
        _errors.Clear();
        foreach (var empty in changes.Where(c => c.Quantity is null)) _errors[empty.ProductId!.Value] = required;
        return _errors.Count == 0;
    }

    /// <summary>
    /// Places negocio's field errors: one naming a line that was <paramref name="sent"/> goes next to that line; the
    /// messages of every other field are answered, to be shown above.
    /// </summary>
    public List<string> PlaceErrors(IReadOnlyDictionary<string, string[]> errors, IReadOnlyList<OrderLineQuantityRequest>? sent)
    {
        _errors.Clear();
        var general = new List<string>();
        foreach (var (field, messages) in errors)
        {
            if (sent is not null && LineIndex(field) is { } index && index < sent.Count && sent[index].ProductId is { } productId && _quantities.ContainsKey(productId))
                _errors[productId] = string.Join(" ", messages);
            else
                general.AddRange(messages);
        }
        return general;
    }

    /// <summary>The index in <c>lines[3].quantity</c>; null for any other field.</summary>
    public static int? LineIndex(string field)
    {
        if (!field.StartsWith("lines[", StringComparison.Ordinal)) return null;
        var end = field.IndexOf(']', StringComparison.Ordinal);
        return end > 6 && int.TryParse(field.AsSpan(6, end - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }
}
