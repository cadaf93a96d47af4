namespace Telemetry.Api.Alerts;

/// <summary>The API's limits on alert rules, bound from <c>Telemetry:Alerts</c>.</summary>
public sealed class AlertOptions
{
    public const string Section = "Telemetry:Alerts";

    public int MaxRulesPerTenant { get; set; } = 1000;

    public int MaxChannelsPerRule { get; set; } = 10;

    /// <summary>The longest <c>duration</c>, <c>no_data</c> and <c>mute_window</c> a rule may have.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromDays(7);
}
