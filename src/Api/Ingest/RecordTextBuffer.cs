using System.Buffers;

namespace Telemetry.Api.Ingest;

/// <summary>
/// Keeps the text of a body's records in a few growing arrays instead of one allocation (or one JSON document) per
/// record. The arrays are ordinary garbage-collected memory, so the records may outlive the request.
/// </summary>
internal sealed class RecordTextBuffer
{
    private const int FirstChunkBytes = 4 * 1024;

    // Below the large object heap's threshold (85,000 bytes), so a chunk dies young like the request that made it.
    private const int MaxChunkBytes = 64 * 1024;

    private byte[] _chunk = [];
    private int _used;

    /// <summary>Copies <paramref name="text"/> in and returns where it now lives.</summary>
    public ReadOnlyMemory<byte> Add(ReadOnlySequence<byte> text)
    {
        var length = checked((int)text.Length);
        if (_chunk.Length - _used < length)
        {
            var next = Math.Clamp(_chunk.Length * 2, FirstChunkBytes, MaxChunkBytes);
            _chunk = new byte[Math.Max(next, length)];
            _used = 0;
        }

        var target = _chunk.AsMemory(_used, length);
        text.CopyTo(target.Span);
        _used += length;
        return target;
    }
}
