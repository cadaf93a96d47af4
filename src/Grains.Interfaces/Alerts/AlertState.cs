namespace Telemetry.Alerts;

/// <summary>Where one (rule, group) stands: inactive → pending → firing → resolved.</summary>
[GenerateSerializer]
public enum AlertState
{
    /// <summary>The condition does not hold and no incident is remembered.</summary>
    Inactive = 0,

    /// <summary>The condition holds but not yet for the rule's duration (on sample time).</summary>
    Pending = 1,

    /// <summary>The condition has held for the duration, or the group has gone silent for <c>no_data</c>.</summary>
    Firing = 2,

    /// <summary>The last incident has ended; the condition does not hold.</summary>
    Resolved = 3,
}
