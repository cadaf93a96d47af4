using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Telemetry.Api.Ingest;

/// <summary>
/// A bounded, thread-safe map from a piece of raw UTF-8 text to what it was found to mean, looked up by the bytes
/// themselves so that a hit costs no string. When it reaches its capacity it starts over empty: the entries are
/// only a shortcut, and the ones still in use come back at once.
/// </summary>
internal sealed class RawTextCache<T>
    where T : class
{
    private readonly int _capacity;
    private readonly ConcurrentDictionary<byte[], T> _entries = new(TextComparer.Instance);
    private readonly ConcurrentDictionary<byte[], T>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;
    private int _count;

    public RawTextCache(int capacity)
    {
        _capacity = capacity;
        _bySpan = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public bool TryGet(ReadOnlySpan<byte> text, [MaybeNullWhen(false)] out T value) => _bySpan.TryGetValue(text, out value);

    public void Add(ReadOnlySpan<byte> text, T value)
    {
        if (_bySpan.ContainsKey(text))
        {
            return;
        }

        if (Interlocked.Increment(ref _count) > _capacity)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _count, 1);
        }

        _bySpan.TryAdd(text, value);
    }

    private sealed class TextComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly TextComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] text) => GetHashCode(text.AsSpan());

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
