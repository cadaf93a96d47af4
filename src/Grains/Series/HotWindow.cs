using System.Collections.Immutable;
using Telemetry.Query;

namespace Telemetry.Series;

/// <summary>
/// The raw samples of one series, ordered by time, in two parallel arrays. Appends in time order are
/// O(1) amortized; a late sample is inserted in place; the same timestamp twice keeps the last value. Memory is
/// bounded by <c>maxSamples</c> (the oldest samples go first; the arrays keep a quarter more as slack) and by
/// <see cref="EvictBefore"/>.
/// </summary>
public sealed class HotWindow
{
    private const int InitialCapacity = 16;

    private readonly int _maxSamples;
    private long[] _times = new long[InitialCapacity];
    private double[] _values = new double[InitialCapacity];
    private int _start;
    private int _count;

    public HotWindow(int maxSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSamples, 1);
        _maxSamples = maxSamples;
    }

    public int Count => _count;

    /// <summary>How often the arrays were copied (grown, shrunk or slid back); appends stay O(1) amortized.</summary>
    internal int Compactions { get; private set; }

    public long? FirstTimestamp => _count == 0 ? null : _times[_start];

    public long? LastTimestamp => _count == 0 ? null : _times[_start + _count - 1];

    /// <summary>The newest sample; null when the window is empty.</summary>
    public (long Timestamp, double Value)? Last => _count == 0 ? null : (_times[_start + _count - 1], _values[_start + _count - 1]);

    /// <summary>
    /// Adds one sample in time order. Returns false when it replaced the value of an existing timestamp,
    /// or was dropped because it is older than everything a full window keeps.
    /// </summary>
    public bool Add(long timestamp, double value)
    {
        var inOrder = _count == 0 || timestamp > _times[_start + _count - 1];
        if (!inOrder)
        {
            var found = Array.BinarySearch(_times, _start, _count, timestamp);
            if (found >= 0)
            {
                _values[found] = value;
                return false;
            }
        }

        if (_count == _maxSamples)
        {
            if (timestamp < _times[_start])
            {
                return false;
            }

            _start++;
            _count--;
        }

        EnsureRoomAtEnd();
        var at = inOrder ? _start + _count : LowerBound(timestamp);
        var tail = _start + _count - at;
        if (tail > 0)
        {
            Array.Copy(_times, at, _times, at + 1, tail);
            Array.Copy(_values, at, _values, at + 1, tail);
        }

        _times[at] = timestamp;
        _values[at] = value;
        _count++;
        return true;
    }

    /// <summary>Drops every sample older than <paramref name="cutoff"/>.</summary>
    public void EvictBefore(long cutoff)
    {
        if (_count == 0 || _times[_start] >= cutoff)
        {
            return;
        }

        var index = Array.BinarySearch(_times, _start, _count, cutoff);
        var firstKept = index >= 0 ? index : ~index;
        _count -= firstKept - _start;
        _start = _count == 0 ? 0 : firstKept;
        ShrinkWhenSparse();
    }

    /// <summary>The samples older than <paramref name="cutoff"/>, oldest first (copies; the window keeps them).</summary>
    public (long[] Timestamps, double[] Values) CopyBefore(long cutoff)
    {
        var end = LowerBound(cutoff);
        return (_times[_start..end], _values[_start..end]);
    }

    /// <summary>
    /// Partial aggregates per bucket over [Start, End). <paramref name="resetAware"/> makes
    /// <see cref="BucketPartial.Increase"/> treat a decrease as a counter reset; otherwise it is the net change.
    /// <paramref name="before"/> is the sample just before the window's first one (flushed to a segment), so
    /// the first sample's step is the same as if it were still here.
    /// </summary>
    public SeriesReadResult Read(SeriesReadRequest request, bool resetAware, (long Timestamp, double Value)? before = null)
    {
        var starts = request.BucketStarts;
        if (_count == 0 || starts.IsDefaultOrEmpty || request.End <= request.Start)
        {
            return SeriesReadResult.Empty;
        }

        var from = LowerBound(Math.Max(request.Start, starts[0]));
        var end = _start + _count;
        if (from >= end || _times[from] >= request.End)
        {
            return SeriesReadResult.Empty;
        }

        var buckets = ImmutableArray.CreateBuilder<BucketPartial>();
        var values = request.IncludeValues ? ImmutableArray.CreateBuilder<ImmutableArray<double>>() : null;
        var bucketValues = request.IncludeValues ? new List<double>() : null;

        var bucket = BucketOf(starts, _times[from]);
        var current = new BucketAccumulator(bucket);
        for (var i = from; i < end && _times[i] < request.End; i++)
        {
            var time = _times[i];
            while (bucket + 1 < starts.Length && time >= starts[bucket + 1])
            {
                bucket++;
            }

            if (bucket != current.Bucket)
            {
                Flush(ref current);
                current = new BucketAccumulator(bucket);
            }

            var value = _values[i];
            var step = i > _start ? Step(_values[i - 1], value, resetAware)
                : before is { } previous ? Step(previous.Value, value, resetAware)
                : 0d;
            current.Add(time, value, step);
            bucketValues?.Add(value);
        }

        Flush(ref current);
        return new SeriesReadResult(buckets.ToImmutable(), values?.ToImmutable() ?? []);

        void Flush(ref BucketAccumulator accumulator)
        {
            if (accumulator.Count == 0)
            {
                return;
            }

            buckets.Add(accumulator.ToPartial());
            if (values is not null && bucketValues is not null)
            {
                values.Add([.. bucketValues]);
                bucketValues.Clear();
            }
        }
    }

    private static double Step(double previous, double value, bool resetAware) =>
        resetAware && value < previous ? value : value - previous;

    private static int BucketOf(ImmutableArray<long> starts, long time)
    {
        var index = starts.BinarySearch(time);
        return index >= 0 ? index : Math.Max(0, ~index - 1);
    }

    private int LowerBound(long time)
    {
        var index = Array.BinarySearch(_times, _start, _count, time);
        return index >= 0 ? index : ~index;
    }

    private void EnsureRoomAtEnd()
    {
        if (_start + _count < _times.Length)
        {
            return;
        }

        if (_start > 0 && _count < _times.Length / 2 + 1)
        {
            Compact(_times.Length);
            return;
        }

        // A quarter of slack past maxSamples lets a full window slide that far before it compacts again, so
        // appends to it stay O(1) amortized instead of copying the whole window each time.
        Compact(Math.Min(Math.Max(_times.Length * 2, InitialCapacity), _maxSamples + _maxSamples / 4));
    }

    private void ShrinkWhenSparse()
    {
        if (_times.Length > InitialCapacity * 4 && _count < _times.Length / 4)
        {
            Compact(Math.Max(InitialCapacity, _count * 2));
        }
    }

    private void Compact(int capacity)
    {
        Compactions++;
        var times = capacity == _times.Length ? _times : new long[capacity];
        var values = capacity == _values.Length ? _values : new double[capacity];
        Array.Copy(_times, _start, times, 0, _count);
        Array.Copy(_values, _start, values, 0, _count);
        _times = times;
        _values = values;
        _start = 0;
    }

    private struct BucketAccumulator(int bucket)
    {
        public readonly int Bucket = bucket;
        public int Count;
        private double _sum;
        private double _min;
        private double _max;
        private long _lastTime;
        private double _last;
        private double _increase;

        public void Add(long time, double value, double step)
        {
            if (Count == 0)
            {
                _min = value;
                _max = value;
            }
            else
            {
                _min = Math.Min(_min, value);
                _max = Math.Max(_max, value);
            }

            Count++;
            _sum += value;
            _lastTime = time;
            _last = value;
            _increase += step;
        }

        public readonly BucketPartial ToPartial() => new(Bucket, Count, _sum, _min, _max, _lastTime, _last, _increase);
    }
}
