using System.Collections.Concurrent;

namespace Telemetry.Series;

/// <summary>
/// The series grains active on this silo, so that a stopping silo can flush them to segments while the rollup
/// grains are still there (during deactivation they may already be gone).
/// </summary>
public sealed class LocalSeriesActivations
{
    private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);

    public ICollection<string> Keys => _keys.Keys;

    public void Add(string key) => _keys.TryAdd(key, 0);

    public void Remove(string key) => _keys.TryRemove(key, out _);
}
