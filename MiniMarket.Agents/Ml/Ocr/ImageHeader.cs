using System.Buffers.Binary;

namespace MiniMarket.Agents.Ml.Ocr;

public enum ImageFormat
{
    Png,
    Jpeg,
}

/// <summary>
/// Reads an image's format and size from its header alone, before anything is decoded, so a crafted file (a
/// 20,000 x 20,000 PNG is 60 KB compressed and 1.2 GB decoded) is refused without allocating its pixels.
/// </summary>
public static class ImageHeader
{
    public sealed record Info(ImageFormat Format, int Width, int Height)
    {
        public long Pixels => (long)Width * Height;
    }

    /// <summary>The header's facts, or null with the reason (in Spanish) when it is not a PNG or JPEG we can read.</summary>
    public static Info? Read(ReadOnlySpan<byte> data, out string? error)
    {
        error = null;
        if (data.Length >= 24 && data[..8].SequenceEqual(PngSignature))
        {
            // IHDR is always the first chunk: length (4), "IHDR" (4), width (4), height (4).
            if (!data.Slice(12, 4).SequenceEqual("IHDR"u8))
            {
                error = "El PNG no empieza con su encabezado IHDR.";
                return null;
            }
            var width = BinaryPrimitives.ReadInt32BigEndian(data.Slice(16, 4));
            var height = BinaryPrimitives.ReadInt32BigEndian(data.Slice(20, 4));
            return Checked(ImageFormat.Png, width, height, out error);
        }
        if (data.Length >= 4 && data[0] == 0xFF && data[1] == 0xD8)
        {
            return ReadJpeg(data, out error);
        }
        error = data.IsEmpty ? "El cuerpo está vacío: se esperaba una imagen PNG o JPEG." : "No es una imagen PNG ni JPEG.";
        return null;
    }

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Walks the JPEG markers up to the first start-of-frame (SOF0..SOF15 but DHT, JPG and DAC), which holds the size.</summary>
    private static Info? ReadJpeg(ReadOnlySpan<byte> data, out string? error)
    {
        var i = 2;
        for (var markers = 0; markers < 1000 && i + 4 <= data.Length; markers++)
        {
            if (data[i] != 0xFF)
            {
                break;
            }
            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }
            if (marker is 0xD8 or (>= 0xD0 and <= 0xD7) or 0x01)
            {
                i += 2; // markers without a length
                continue;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(i + 2, 2));
            if (length < 2)
            {
                break;
            }
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (i + 9 > data.Length)
                {
                    break;
                }
                var height = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(i + 5, 2));
                var width = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(i + 7, 2));
                return Checked(ImageFormat.Jpeg, width, height, out error);
            }
            if (marker == 0xDA)
            {
                break; // scan data before any frame header: not a JPEG we can read
            }
            i += 2 + length;
        }
        error = "El JPEG está truncado o dañado: no se encontró su tamaño.";
        return null;
    }

    private static Info? Checked(ImageFormat format, int width, int height, out string? error)
    {
        if (width <= 0 || height <= 0)
        {
            error = $"La imagen dice medir {width} x {height} píxeles.";
            return null;
        }
        error = null;
        return new Info(format, width, height);
    }
}
