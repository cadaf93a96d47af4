using Telemetry.Series;

namespace Telemetry.Ingest;

/// <summary>
/// Makes <see cref="ISeriesGrain"/> references for the apply path. <c>GetGrain&lt;ISeriesGrain&gt;(key)</c> resolves the
/// interface's grain type by reading its attributes through reflection on every call, which was about a tenth of the
/// silo's CPU when the dispatcher makes one call per series per round; the types are resolved once here instead.
/// </summary>
public sealed class SeriesGrainReferences(IGrainFactory grains)
{
    // Resolved on first use, when the silo's grain type map is in place.
    private readonly Lazy<(GrainType Grain, GrainInterfaceType Interface)> _types = new(() =>
    {
        var probe = (GrainReference)grains.GetGrain<ISeriesGrain>("probe");
        return (probe.GrainId.Type, probe.InterfaceType);
    });

    public ISeriesGrain Get(string seriesKey)
    {
        var (grain, @interface) = _types.Value;
        return (ISeriesGrain)grains.GetGrain(GrainId.Create(grain, seriesKey), @interface);
    }
}
