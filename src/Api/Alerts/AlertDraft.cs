using System.Collections.Immutable;
using Telemetry.Alerts;

namespace Telemetry.Api.Alerts;

/// <summary>A rule as read from a request, before it has an id, a version and times.</summary>
public sealed record AlertDraft(AlertRule Rule, ImmutableArray<AlertChannel> Channels);
