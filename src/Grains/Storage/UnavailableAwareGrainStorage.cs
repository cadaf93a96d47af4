using Orleans.Storage;

namespace Telemetry.Storage;

/// <summary>
/// Wraps a grain storage so that unreachable storage surfaces as <see cref="Ingest.StorageUnavailableException"/>
/// (the API's 503) rather than a generic failure; conflicts pass through unchanged.
/// </summary>
public sealed class UnavailableAwareGrainStorage(IGrainStorage inner) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        StorageFailures.GuardAsync(() => inner.ReadStateAsync(stateName, grainId, grainState), $"Reading the state of {grainId}");

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        StorageFailures.GuardAsync(() => inner.WriteStateAsync(stateName, grainId, grainState), $"Writing the state of {grainId}");

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        StorageFailures.GuardAsync(() => inner.ClearStateAsync(stateName, grainId, grainState), $"Clearing the state of {grainId}");
}
