using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using NodaTime;
using NodaTime.Text;

namespace Telemetry.Query;

/// <summary>
/// Cuts a time range into buckets aligned on the wall clock of a time zone. Times are UTC
/// <see cref="DateTime.Ticks"/> (100 ns since 0001-01-01), as everywhere in the query contracts.
/// </summary>
/// <remarks>
/// Seconds, minutes and hours are fixed lengths: an instant's local time (with the offset in force at that
/// instant) is floored to a multiple of the length counted from local 1970-01-01T00:00 and mapped back with the
/// same offset. So 1h buckets in Asia/Kolkata (+05:30) start at :30 UTC, the repeated hour of a DST fall-back
/// gives two buckets and the skipped hour of a spring-forward gives none. Days are local midnights (the first
/// instant of the day where midnight is skipped), N-day buckets counted from 1970-01-01; weeks start on Monday,
/// N-week buckets counted from Monday 1970-01-05. A day bucket is therefore 23 or 25 hours on DST days.
/// </remarks>
public sealed class BucketAligner
{
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;
    private static readonly LocalDate DayEpoch = new(1970, 1, 1);
    private static readonly LocalDate WeekEpoch = new(1970, 1, 5);

    private readonly long fixedLengthTicks;
    private readonly int calendarDays;

    public BucketAligner(Granularity granularity, DateTimeZone zone)
    {
        Granularity = granularity;
        Zone = zone;
        if (granularity.IsCalendar)
        {
            calendarDays = granularity.Unit == GranularityUnit.Day ? granularity.Count : 7 * granularity.Count;
        }
        else
        {
            fixedLengthTicks = granularity.NominalLength.Ticks;
        }
    }

    public Granularity Granularity { get; }

    public DateTimeZone Zone { get; }

    /// <summary>An aligner for an IANA zone id; an empty id means UTC. False when the zone is unknown.</summary>
    public static bool TryCreate(Granularity granularity, string? zoneId, [NotNullWhen(true)] out BucketAligner? aligner)
    {
        var zone = string.IsNullOrWhiteSpace(zoneId)
            ? DateTimeZone.Utc
            : DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId.Trim());
        aligner = zone is null ? null : new BucketAligner(granularity, zone);
        return aligner is not null;
    }

    /// <summary>The start of the bucket that contains <paramref name="utcTicks"/>.</summary>
    public long Floor(long utcTicks)
    {
        var instant = ToInstant(utcTicks);
        if (calendarDays == 0)
        {
            var offsetTicks = Zone.GetUtcOffset(instant).Ticks;
            var localTicks = utcTicks - UnixEpochTicks + offsetTicks;
            return FloorMultiple(localTicks, fixedLengthTicks) + UnixEpochTicks - offsetTicks;
        }

        return StartOfDay(FloorDate(instant.InZone(Zone).Date));
    }

    /// <summary>The start of the bucket after the one that contains <paramref name="bucketStart"/>; always later.</summary>
    public long Next(long bucketStart)
    {
        if (calendarDays == 0)
        {
            // floor(b + length) > b: the floor loses less than one length, whatever the offset does meanwhile.
            return Floor(bucketStart + fixedLengthTicks);
        }

        var date = FloorDate(ToInstant(bucketStart).InZone(Zone).Date);
        return StartOfDay(date.PlusDays(calendarDays));
    }

    /// <summary>
    /// The ascending bucket starts covering [<paramref name="start"/>, <paramref name="end"/>): the first is
    /// <c>Floor(start)</c>, then each <see cref="Next"/> while it is before <paramref name="end"/>.
    /// False, without building them all, when there would be more than <paramref name="maxBuckets"/>.
    /// </summary>
    public bool TryGetStarts(long start, long end, int maxBuckets, out ImmutableArray<long> starts)
    {
        var builder = ImmutableArray.CreateBuilder<long>();
        for (var bucket = Floor(start); bucket < end; bucket = Next(bucket))
        {
            if (builder.Count == maxBuckets)
            {
                starts = [];
                return false;
            }

            builder.Add(bucket);
        }

        starts = builder.DrainToImmutable();
        return true;
    }

    /// <summary>The bucket starts covering [<paramref name="start"/>, <paramref name="end"/>), without a limit.</summary>
    public ImmutableArray<long> GetStarts(long start, long end)
    {
        TryGetStarts(start, end, int.MaxValue, out var starts);
        return starts;
    }

    /// <summary>RFC 3339 with the zone's offset at that instant, e.g. <c>2025-03-31T00:00:00+01:00</c>; UTC prints <c>Z</c>.</summary>
    public string Format(long utcTicks) =>
        OffsetDateTimePattern.Rfc3339.Format(ToInstant(utcTicks).InZone(Zone).ToOffsetDateTime());

    /// <summary>
    /// The index of the bucket holding <paramref name="utcTicks"/>: the last start at or before it, or -1 when it
    /// is before the first start or at or after <paramref name="end"/>. Binary search, so series reads can split
    /// samples at the starts a query sends without knowing the zone or granularity.
    /// </summary>
    public static int FindBucket(ReadOnlySpan<long> starts, long end, long utcTicks)
    {
        if (starts.IsEmpty || utcTicks < starts[0] || utcTicks >= end)
        {
            return -1;
        }

        var index = starts.BinarySearch(utcTicks);
        return index >= 0 ? index : ~index - 1;
    }

    private static Instant ToInstant(long utcTicks) => Instant.FromUnixTimeTicks(utcTicks - UnixEpochTicks);

    private static long FloorMultiple(long value, long length)
    {
        var remainder = value % length;
        return remainder < 0 ? value - remainder - length : value - remainder;
    }

    private LocalDate FloorDate(LocalDate date)
    {
        var epoch = Granularity.Unit == GranularityUnit.Week ? WeekEpoch : DayEpoch;
        var days = Period.DaysBetween(epoch, date);
        return epoch.PlusDays((int)FloorMultiple(days, calendarDays));
    }

    private long StartOfDay(LocalDate date) =>
        date.AtStartOfDayInZone(Zone).ToInstant().ToUnixTimeTicks() + UnixEpochTicks;
}
