using System.Collections.Immutable;
using System.Diagnostics;
using Telemetry.Query;
using Telemetry.Series;
using Xunit;

namespace Telemetry.Tests.Series;

/// <summary>The hot window on its own: times are plain ticks, values small integers so sums are exact.</summary>
public sealed class HotWindowTests
{
    [Fact]
    public void Appends_in_time_order_keep_every_sample()
    {
        var window = new HotWindow(maxSamples: 100);

        Assert.All([1L, 2, 3, 4, 5], t => Assert.True(window.Add(t, t * 10)));

        Assert.Equal(5, window.Count);
        Assert.Equal(1, window.FirstTimestamp);
        Assert.Equal(5, window.LastTimestamp);
        Assert.Equal([10d, 20, 30, 40, 50], ValuesOf(window));
    }

    [Fact]
    public void An_empty_window_has_no_first_or_last_timestamp_and_reads_empty()
    {
        var window = new HotWindow(maxSamples: 10);

        Assert.Equal(0, window.Count);
        Assert.Null(window.FirstTimestamp);
        Assert.Null(window.LastTimestamp);
        Assert.Same(SeriesReadResult.Empty, window.Read(Request(0, 100, [0], includeValues: true), resetAware: false));
    }

    [Fact]
    public void A_late_sample_is_inserted_in_time_order()
    {
        var window = new HotWindow(maxSamples: 100);
        window.Add(10, 1);
        window.Add(30, 3);
        window.Add(40, 4);

        Assert.True(window.Add(20, 2));
        Assert.True(window.Add(5, 0.5));

        Assert.Equal(5, window.Count);
        Assert.Equal(5, window.FirstTimestamp);
        Assert.Equal(40, window.LastTimestamp);
        Assert.Equal([0.5, 1, 2, 3, 4], ValuesOf(window));
    }

    [Fact]
    public void The_same_timestamp_twice_keeps_the_last_value_and_the_count()
    {
        var window = new HotWindow(maxSamples: 100);
        window.Add(10, 1);
        window.Add(20, 2);

        Assert.False(window.Add(10, 5));
        Assert.False(window.Add(20, 7));

        Assert.Equal(2, window.Count);
        Assert.Equal([5d, 7], ValuesOf(window));
    }

    [Fact]
    public void EvictBefore_drops_older_samples_and_keeps_the_cutoff_itself()
    {
        var window = new HotWindow(maxSamples: 100);
        foreach (var t in new long[] { 10, 20, 30, 40 })
        {
            window.Add(t, t);
        }

        window.EvictBefore(30);

        Assert.Equal(2, window.Count);
        Assert.Equal(30, window.FirstTimestamp);
        Assert.Equal([30d, 40], ValuesOf(window));

        window.EvictBefore(25);
        Assert.Equal(2, window.Count);

        window.EvictBefore(41);
        Assert.Equal(0, window.Count);
        Assert.Null(window.FirstTimestamp);
        Assert.Null(window.LastTimestamp);

        Assert.True(window.Add(5, 1));
        Assert.Equal([1d], ValuesOf(window));
    }

    [Fact]
    public void A_full_window_drops_its_oldest_sample_for_a_newer_one()
    {
        var window = new HotWindow(maxSamples: 3);
        window.Add(10, 1);
        window.Add(20, 2);
        window.Add(30, 3);

        Assert.True(window.Add(40, 4));
        Assert.Equal([2d, 3, 4], ValuesOf(window));

        // A late sample newer than the oldest also pushes the oldest out.
        Assert.True(window.Add(25, 2.5));
        Assert.Equal(3, window.Count);
        Assert.Equal(25, window.FirstTimestamp);
        Assert.Equal([2.5, 3, 4], ValuesOf(window));
    }

    [Fact]
    public void A_full_window_refuses_a_sample_older_than_everything_it_keeps()
    {
        var window = new HotWindow(maxSamples: 3);
        window.Add(10, 1);
        window.Add(20, 2);
        window.Add(30, 3);

        Assert.False(window.Add(5, 0.5));

        Assert.Equal(3, window.Count);
        Assert.Equal(10, window.FirstTimestamp);
        Assert.Equal([1d, 2, 3], ValuesOf(window));
    }

    [Fact]
    public void A_full_window_still_replaces_an_existing_timestamp()
    {
        var window = new HotWindow(maxSamples: 2);
        window.Add(10, 1);
        window.Add(20, 2);

        Assert.False(window.Add(10, 9));

        Assert.Equal([9d, 2], ValuesOf(window));
    }

    [Fact]
    public void Samples_stay_correct_while_the_window_grows_shrinks_and_grows_again()
    {
        var window = new HotWindow(maxSamples: 100_000);
        for (var t = 0L; t < 5_000; t++)
        {
            window.Add(t, t);
        }

        window.EvictBefore(4_990);
        Assert.Equal(10, window.Count);

        // Late samples into the shrunk window, then many more appends that make it grow again.
        window.Add(4_995, -1);
        for (var t = 5_000L; t < 8_000; t++)
        {
            window.Add(t, t);
        }

        window.EvictBefore(7_000);
        window.Add(6_999, 6_999);

        Assert.Equal(1_001, window.Count);
        Assert.Equal(6_999, window.FirstTimestamp);
        Assert.Equal(7_999, window.LastTimestamp);
        Assert.Equal(Enumerable.Range(6_999, 1_001).Select(v => (double)v), ValuesOf(window));
    }

    [Fact]
    public void A_small_full_window_keeps_sliding_without_growing_past_its_bound()
    {
        var window = new HotWindow(maxSamples: 20);
        for (var t = 0L; t < 1_000; t++)
        {
            window.Add(t, t);
        }

        Assert.Equal(20, window.Count);
        Assert.Equal(980, window.FirstTimestamp);
        Assert.Equal(Enumerable.Range(980, 20).Select(v => (double)v), ValuesOf(window));
    }

    [Fact]
    public void Appending_to_a_full_window_stays_cheap()
    {
        // O(1) amortized appends: 200k appends take milliseconds. Copying the whole window on each of them
        // (50k samples, the default bound) takes seconds, far above this generous limit.
        var window = new HotWindow(maxSamples: 50_000);
        for (var t = 0L; t < 50_000; t++)
        {
            window.Add(t, t);
        }

        var elapsed = Stopwatch.StartNew();
        for (var t = 50_000L; t < 250_000; t++)
        {
            window.Add(t, t);
        }

        Assert.InRange(elapsed.ElapsedMilliseconds, 0, 1_000);
        Assert.Equal(50_000, window.Count);
        Assert.Equal(200_000, window.FirstTimestamp);
        Assert.Equal(249_999, window.LastTimestamp);
    }

    [Fact]
    public void Read_gives_count_sum_min_max_and_last_per_bucket()
    {
        var window = new HotWindow(maxSamples: 100);
        window.Add(10, 4);
        window.Add(12, 1);
        window.Add(15, 3);
        window.Add(20, 8);
        window.Add(29, 6);

        var read = window.Read(Request(10, 30, [10, 20]), resetAware: false);

        Assert.Equal<BucketPartial>(
            [
                new BucketPartial(0, Count: 3, Sum: 8, Min: 1, Max: 4, LastTimestamp: 15, Last: 3, Increase: -1),
                new BucketPartial(1, Count: 2, Sum: 14, Min: 6, Max: 8, LastTimestamp: 29, Last: 6, Increase: 3),
            ],
            read.Buckets);
        Assert.Empty(read.Values);
    }

    [Fact]
    public void Read_excludes_samples_before_start_and_at_end()
    {
        var window = new HotWindow(maxSamples: 100);
        window.Add(5, 100);
        window.Add(14, 1);
        window.Add(15, 2);
        window.Add(25, 3);
        window.Add(30, 200);
        window.Add(31, 300);

        // The first bucket starts before the range: a sample in it but before Start is still excluded.
        var read = window.Read(Request(15, 30, [10, 20]), resetAware: false);

        Assert.Equal([0, 1], read.Buckets.Select(b => b.Bucket));
        Assert.Equal([1, 1], read.Buckets.Select(b => b.Count));
        Assert.Equal([2d, 3], read.Buckets.Select(b => b.Sum));
    }

    [Fact]
    public void Read_leaves_out_empty_buckets()
    {
        var window = new HotWindow(maxSamples: 100);
        window.Add(12, 1);
        window.Add(35, 2);

        var read = window.Read(Request(10, 50, [10, 20, 30, 40]), resetAware: false);

        Assert.Equal([0, 2], read.Buckets.Select(b => b.Bucket));
    }

    [Fact]
    public void Read_of_a_range_without_samples_is_empty()
    {
        var window = new HotWindow(maxSamples: 100);
        window.Add(5, 1);
        window.Add(50, 2);

        Assert.Empty(window.Read(Request(10, 50, [10, 20]), resetAware: false).Buckets);
        Assert.Empty(window.Read(Request(60, 70, [60]), resetAware: false).Buckets);
        Assert.Empty(window.Read(Request(50, 50, [50]), resetAware: false).Buckets);
    }

    [Fact]
    public void IncludeValues_gives_each_bucket_its_raw_values_in_time_order()
    {
        var window = new HotWindow(maxSamples: 100);
        window.Add(18, 3);
        window.Add(11, 1);
        window.Add(15, 2);
        window.Add(41, 5);
        window.Add(40, 4);

        var read = window.Read(Request(10, 50, [10, 20, 30, 40], includeValues: true), resetAware: false);

        Assert.Equal(read.Buckets.Length, read.Values.Length);
        Assert.Equal(read.Buckets.Select(b => b.Count), read.Values.Select(v => v.Length));
        Assert.Equal<double>([1d, 2, 3], read.Values[0]);
        Assert.Equal<double>([4d, 5], read.Values[1]);
    }

    [Fact]
    public void Counter_increase_treats_a_decrease_as_a_reset_to_the_new_value()
    {
        var window = CounterWithReset();

        var read = window.Read(Request(10, 30, [10, 20]), resetAware: true);

        // Bucket 0 includes the step from the sample at 5, before the range: (7-5) + (9-7) = 4.
        // Bucket 1: 9 → 2 is a reset that counts 2, then 2 → 4 adds 2.
        Assert.Equal([4d, 4], read.Buckets.Select(b => b.Increase));
    }

    [Fact]
    public void Gauge_increase_is_the_net_change_including_the_step_into_the_bucket()
    {
        var window = CounterWithReset();

        var read = window.Read(Request(10, 30, [10, 20]), resetAware: false);

        // Bucket 0: 5 → 7 → 9 = +4. Bucket 1: 9 → 2 → 4 = -5. Together: 5 → 4, the net change over the range.
        Assert.Equal([4d, -5], read.Buckets.Select(b => b.Increase));
    }

    [Fact]
    public void The_first_sample_of_the_window_adds_no_increase()
    {
        var window = new HotWindow(maxSamples: 100);
        window.Add(10, 100);
        window.Add(15, 101);

        var read = window.Read(Request(0, 30, [0]), resetAware: true);

        Assert.Equal(1, Assert.Single(read.Buckets).Increase);
    }

    [Fact]
    public void Behaves_like_a_sorted_dictionary_under_random_inserts_and_evictions()
    {
        var random = new Random(20250601);
        for (var run = 0; run < 300; run++)
        {
            var maxSamples = random.Next(4) switch
            {
                0 => random.Next(1, 5),
                1 => random.Next(14, 20),
                2 => random.Next(60, 80),
                _ => 10_000,
            };
            var window = new HotWindow(maxSamples);
            var model = new ReferenceWindow(maxSamples);
            var cursor = 0L;

            for (var op = 0; op < 400; op++)
            {
                cursor += random.Next(0, 3);
                if (random.Next(20) == 0)
                {
                    var cutoff = cursor - random.Next(0, 60);
                    window.EvictBefore(cutoff);
                    model.EvictBefore(cutoff);
                }
                else
                {
                    // Mostly recent, sometimes late, often a repeated timestamp.
                    var timestamp = cursor - (random.Next(4) == 0 ? random.Next(0, 80) : random.Next(0, 3));
                    double value = random.Next(-50, 50);
                    Assert.Equal(model.Add(timestamp, value), window.Add(timestamp, value));
                }

                Assert.Equal(model.Count, window.Count);
                Assert.Equal(model.FirstTimestamp, window.FirstTimestamp);
                Assert.Equal(model.LastTimestamp, window.LastTimestamp);

                if (op % 10 == 0)
                {
                    var request = RandomRequest(random, cursor);
                    var resetAware = random.Next(2) == 0;
                    var expected = model.Read(request, resetAware);
                    var actual = window.Read(request, resetAware);
                    Assert.Equal<BucketPartial>(expected.Buckets, actual.Buckets);
                    Assert.Equal(expected.Values.Length, actual.Values.Length);
                    for (var b = 0; b < expected.Values.Length; b++)
                    {
                        Assert.Equal<double>(expected.Values[b], actual.Values[b]);
                    }
                }
            }
        }
    }

    private static HotWindow CounterWithReset()
    {
        var window = new HotWindow(maxSamples: 100);
        window.Add(5, 5);
        window.Add(10, 7);
        window.Add(15, 9);
        window.Add(20, 2);
        window.Add(25, 4);
        return window;
    }

    private static SeriesReadRequest Request(long start, long end, ImmutableArray<long> bucketStarts, bool includeValues = false) =>
        new(start, end, bucketStarts, includeValues);

    private static SeriesReadRequest RandomRequest(Random random, long cursor)
    {
        var start = cursor - random.Next(0, 150);
        var end = start + random.Next(0, 150);
        var first = start - random.Next(0, 10);
        var starts = ImmutableArray.CreateBuilder<long>();
        for (var at = first; at < end || starts.Count == 0; at += random.Next(1, 40))
        {
            starts.Add(at);
        }

        return new SeriesReadRequest(start, end, starts.ToImmutable(), random.Next(2) == 0);
    }

    /// <summary>Every raw value of the window, in time order.</summary>
    private static double[] ValuesOf(HotWindow window)
    {
        var read = window.Read(Request(long.MinValue, long.MaxValue, [long.MinValue], includeValues: true), resetAware: false);
        return [.. read.Values.SelectMany(v => v)];
    }

    /// <summary>The window's contract written the obvious way, for the property test.</summary>
    private sealed class ReferenceWindow(int maxSamples)
    {
        private readonly SortedDictionary<long, double> _samples = [];

        public int Count => _samples.Count;

        public long? FirstTimestamp => _samples.Count == 0 ? null : _samples.Keys.First();

        public long? LastTimestamp => _samples.Count == 0 ? null : _samples.Keys.Last();

        public bool Add(long timestamp, double value)
        {
            if (_samples.ContainsKey(timestamp))
            {
                _samples[timestamp] = value;
                return false;
            }

            if (_samples.Count == maxSamples)
            {
                var oldest = _samples.Keys.First();
                if (timestamp < oldest)
                {
                    return false;
                }

                _samples.Remove(oldest);
            }

            _samples.Add(timestamp, value);
            return true;
        }

        public void EvictBefore(long cutoff)
        {
            foreach (var timestamp in _samples.Keys.Where(t => t < cutoff).ToList())
            {
                _samples.Remove(timestamp);
            }
        }

        public SeriesReadResult Read(SeriesReadRequest request, bool resetAware)
        {
            var starts = request.BucketStarts;
            var samples = _samples.ToList();
            var buckets = new List<BucketPartial>();
            var values = new List<ImmutableArray<double>>();
            for (var bucket = 0; bucket < starts.Length; bucket++)
            {
                var from = Math.Max(starts[bucket], request.Start);
                var to = bucket + 1 < starts.Length ? Math.Min(starts[bucket + 1], request.End) : request.End;
                var inBucket = Enumerable.Range(0, samples.Count).Where(i => samples[i].Key >= from && samples[i].Key < to).ToList();
                if (inBucket.Count == 0)
                {
                    continue;
                }

                var increase = 0d;
                foreach (var i in inBucket.Where(i => i > 0))
                {
                    var (previous, value) = (samples[i - 1].Value, samples[i].Value);
                    increase += resetAware && value < previous ? value : value - previous;
                }

                var bucketValues = inBucket.Select(i => samples[i].Value).ToImmutableArray();
                buckets.Add(new BucketPartial(
                    bucket,
                    bucketValues.Length,
                    bucketValues.Sum(),
                    bucketValues.Min(),
                    bucketValues.Max(),
                    samples[inBucket[^1]].Key,
                    bucketValues[^1],
                    increase));
                values.Add(bucketValues);
            }

            return new SeriesReadResult([.. buckets], request.IncludeValues ? [.. values] : []);
        }
    }
}
