using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Orleans.Storage;

namespace Telemetry.Storage;

/// <summary>
/// Grain state as one file per grain under <c>{root}/{state name}/</c>, named by the SHA-256 of the grain id.
/// A write goes to a temporary file, is flushed to disk and renamed over the old one, so a crash leaves
/// either the old or the new state. The file starts with an 8-byte version used as the ETag.
/// </summary>
public sealed class FileGrainStorage(string root, IGrainStorageSerializer serializer) : IGrainStorage
{
    private const int HeaderLength = sizeof(long);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var bytes = await File.ReadAllBytesAsync(path);
        var version = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        grainState.State = serializer.Deserialize<T>(new BinaryData(bytes.AsMemory(HeaderLength)))!;
        grainState.ETag = version.ToString();
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var current = await ReadVersionAsync(path);
        if (current?.ToString() != grainState.ETag)
        {
            throw new InconsistentStateException(
                $"State of {grainId} changed underneath this activation.", current?.ToString(), grainState.ETag);
        }

        var version = (current ?? 0) + 1;
        var payload = serializer.Serialize(grainState.State).ToMemory();
        var header = new byte[HeaderLength];
        BinaryPrimitives.WriteInt64LittleEndian(header, version);

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await file.WriteAsync(header);
            await file.WriteAsync(payload);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        grainState.ETag = version.ToString();
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        File.Delete(PathOf(stateName, grainId));
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private string PathOf(string stateName, GrainId grainId)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(grainId.ToString())));
        return Path.Combine(root, stateName, name[..2], name + ".bin");
    }

    private static async Task<long?> ReadVersionAsync(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, HeaderLength, FileOptions.Asynchronous);
        var header = new byte[HeaderLength];
        await file.ReadExactlyAsync(header);
        return BinaryPrimitives.ReadInt64LittleEndian(header);
    }
}
