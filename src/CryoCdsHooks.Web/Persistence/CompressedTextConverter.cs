using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CryoCdsHooks.Web.Persistence;

/// <summary>
/// Stores request and response JSON Brotli-compressed: FHIR JSON is repetitive, and the audit trail is kept for
/// years (docs/operations.md, "Audit sizing and retention"). Code keeps reading and writing strings.
/// A compressed value starts with a zero byte; rows written before compression hold UTF-8 JSON, which never does.
/// </summary>
internal sealed class CompressedTextConverter()
    : ValueConverter<string, byte[]>(text => Compress(text), bytes => Decompress(bytes))
{
    // Quality 4 compresses JSON to about a fifth at a fraction of a millisecond per call; higher levels cost more CPU
    // than they save.
    private const int Quality = 4;
    private const int MaxWindow = 22;

    public static byte[] Compress(string text)
    {
        var raw = Encoding.UTF8.GetBytes(text);
        var buffer = new byte[1 + BrotliEncoder.GetMaxCompressedLength(raw.Length)];
        // A window no larger than the text: the encoder's buffers are sized by it, and most records are a few kB.
        var window = Math.Clamp(System.Numerics.BitOperations.Log2((uint)Math.Max(raw.Length, 1)) + 1, 10, MaxWindow);
        if (!BrotliEncoder.TryCompress(raw, buffer.AsSpan(1), out var written, Quality, window))
        {
            throw new InvalidOperationException("Brotli could not compress an audit record.");
        }
        return buffer[..(1 + written)];
    }

    public static string Decompress(byte[] bytes)
    {
        if (bytes.Length == 0 || bytes[0] != 0)
            return Encoding.UTF8.GetString(bytes);
        using var input = new BrotliStream(new MemoryStream(bytes, 1, bytes.Length - 1), CompressionMode.Decompress);
        using var reader = new StreamReader(input, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
