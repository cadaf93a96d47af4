using System.Collections.Immutable;
using System.Security.Cryptography;
using Telemetry.Hosting;

namespace Telemetry.Streams;

/// <summary>
/// The tenant's stream definitions (key: the tenant id). Touched by the API on changes and by each silo's
/// <see cref="StreamDefinitionCache"/> polling <see cref="IStreamRegistryGrain.GetVersionAsync"/>; never per sample.
/// </summary>
public sealed class StreamRegistryGrain(
    [PersistentState("streams", TelemetryStorage.Name)] IPersistentState<StreamRegistryState> state,
    TimeProvider time) : Grain, IStreamRegistryGrain
{
    async Task<StreamDefinition?> IStreamRegistryGrain.CreateAsync(StreamSpec spec, int maxStreams)
    {
        if (state.State.Streams.Count >= maxStreams)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var definition = new StreamDefinition("str_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), spec, now, now, 1);
        state.State.Streams[definition.Id] = definition;
        await SaveAsync();
        return definition;
    }

    Task<StreamDefinition?> IStreamRegistryGrain.GetAsync(string streamId) =>
        Task.FromResult(state.State.Streams.GetValueOrDefault(streamId));

    Task<StreamCatalog> IStreamRegistryGrain.ListAsync() =>
        Task.FromResult(new StreamCatalog(
            state.State.Version,
            [.. state.State.Streams.Values.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal)]));

    async Task<StreamDefinition?> IStreamRegistryGrain.UpdateAsync(string streamId, StreamSpec spec)
    {
        if (!state.State.Streams.TryGetValue(streamId, out var existing))
        {
            return null;
        }

        var updated = existing with { Spec = spec, UpdatedAt = time.GetUtcNow(), Revision = existing.Revision + 1 };
        state.State.Streams[streamId] = updated;
        await SaveAsync();
        return updated;
    }

    async Task<bool> IStreamRegistryGrain.DeleteAsync(string streamId)
    {
        if (!state.State.Streams.Remove(streamId))
        {
            return false;
        }

        await SaveAsync();
        return true;
    }

    Task<long> IStreamRegistryGrain.GetVersionAsync() => Task.FromResult(state.State.Version);

    private Task SaveAsync()
    {
        state.State.Version++;
        return state.WriteStateAsync();
    }
}
