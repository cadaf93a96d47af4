using System.Collections.Immutable;
using System.IO.Hashing;
using System.Text;

namespace Telemetry.Series;

/// <summary>
/// The dimension set of a series in canonical form: keys sorted ordinally, one value per key.
/// Its <see cref="Hash"/> is the stable 64-bit identity used in grain keys.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SeriesLabels
{
    public static readonly SeriesLabels Empty = new([]);

    /// <summary>Creates canonical labels; keys are sorted ordinally.</summary>
    public SeriesLabels(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        Pairs = [.. pairs.OrderBy(p => p.Key, StringComparer.Ordinal)];
        Hash = ComputeHash(Pairs);
    }

    /// <summary>Key/value pairs sorted by key (ordinal).</summary>
    [Id(0)]
    public ImmutableArray<KeyValuePair<string, string>> Pairs { get; init; }

    /// <summary>XxHash64 of the canonical form; stable across processes and versions.</summary>
    [Id(1)]
    public ulong Hash { get; init; }

    public int Count => Pairs.Length;

    public string? this[string key]
    {
        get
        {
            foreach (var pair in Pairs)
            {
                if (string.Equals(pair.Key, key, StringComparison.Ordinal))
                {
                    return pair.Value;
                }
            }

            return null;
        }
    }

    public bool Equals(SeriesLabels? other) =>
        other is not null && Hash == other.Hash && Pairs.SequenceEqual(other.Pairs);

    public override int GetHashCode() => Hash.GetHashCode();

    /// <summary>The canonical text form, <c>{a="1",b="2"}</c>, as Prometheus prints label sets.</summary>
    public override string ToString() =>
        "{" + string.Join(",", Pairs.Select(p => $"{p.Key}=\"{p.Value}\"")) + "}";

    public Dictionary<string, string> ToDictionary() => Pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static ulong ComputeHash(ImmutableArray<KeyValuePair<string, string>> pairs)
    {
        // Length-prefixed fields so that {"a":"bc"} and {"ab":"c"} never share a canonical form.
        var hasher = new XxHash64();
        Span<byte> length = stackalloc byte[4];
        foreach (var (key, value) in pairs)
        {
            Append(hasher, key, length);
            Append(hasher, value, length);
        }

        return hasher.GetCurrentHashAsUInt64();

        static void Append(XxHash64 hasher, string text, Span<byte> length)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            BitConverter.TryWriteBytes(length, bytes.Length);
            hasher.Append(length);
            hasher.Append(bytes);
        }
    }
}
