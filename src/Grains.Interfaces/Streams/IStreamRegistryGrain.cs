namespace Telemetry.Streams;

/// <summary>One per tenant: the tenant's live stream definitions and a version that grows with every change.</summary>
[Alias("Telemetry.Streams.IStreamRegistryGrain")]
public interface IStreamRegistryGrain : IGrainWithStringKey
{
    /// <summary>Adds a stream (its id is assigned here); null when the tenant already has <paramref name="maxStreams"/>.</summary>
    [Alias("Create")]
    Task<StreamDefinition?> CreateAsync(StreamSpec spec, int maxStreams);

    /// <summary>The stream, or null.</summary>
    [Alias("Get")]
    Task<StreamDefinition?> GetAsync(string streamId);

    /// <summary>Every stream of the tenant with the current version.</summary>
    [Alias("List")]
    Task<StreamCatalog> ListAsync();

    /// <summary>Replaces a stream's spec; null when there is no such stream.</summary>
    [Alias("Update")]
    Task<StreamDefinition?> UpdateAsync(string streamId, StreamSpec spec);

    /// <summary>Removes a stream; false when there is no such stream.</summary>
    [Alias("Delete")]
    Task<bool> DeleteAsync(string streamId);

    /// <summary>The version; silos poll it and fetch the catalog only when it moved.</summary>
    [Alias("GetVersion")]
    Task<long> GetVersionAsync();
}
