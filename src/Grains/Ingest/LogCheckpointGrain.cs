using Telemetry.Hosting;

namespace Telemetry.Ingest;

/// <summary>The applied watermark of one silo's log, persisted so a replay after a crash knows which entries were applied.</summary>
public sealed class LogCheckpointGrain(
    [PersistentState("log-checkpoint", TelemetryStorage.Name)] IPersistentState<LogCheckpoint> state) : Grain, ILogCheckpointGrain
{
    Task<long> ILogCheckpointGrain.GetAppliedAsync() => Task.FromResult(state.State.Applied);

    async Task ILogCheckpointGrain.SetAppliedAsync(long sequence, bool reset)
    {
        if (sequence == state.State.Applied || (!reset && sequence < state.State.Applied))
        {
            return;
        }

        state.State.Applied = sequence;
        await state.WriteStateAsync();
    }
}
