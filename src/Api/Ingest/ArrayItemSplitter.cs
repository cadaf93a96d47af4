using System.Buffers;
using System.Text.Json;

namespace Telemetry.Api.Ingest;

/// <summary>
/// Cuts a JSON array that arrives in pieces into the text of its items. Each call reads as many whole items as
/// the buffered bytes hold and returns where the first unfinished one starts; the reader's state (depth, line
/// and byte position for error messages) carries over from call to call. Syntax errors throw
/// <see cref="JsonException"/>, as they would from the serializer.
/// </summary>
internal sealed class ArrayItemSplitter
{
    private JsonReaderState _state;
    private bool _started;
    private bool _ended;

    public SequencePosition Split(ReadOnlySequence<byte> buffer, bool isFinalBlock, ParsedRecords records)
    {
        var reader = new Utf8JsonReader(buffer, isFinalBlock, _state);
        var done = reader.Position;
        if (!_started)
        {
            if (!reader.Read())
            {
                return done;
            }

            // The body reader saw '[' as the first byte.
            _started = true;
            Commit(ref reader, ref done);
        }

        while (!_ended)
        {
            if (!reader.Read())
            {
                return done;
            }

            if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 0)
            {
                _ended = true;
                Commit(ref reader, ref done);
                break;
            }

            var start = reader.TokenStartIndex;
            if (!reader.TrySkip())
            {
                return done;
            }

            records.AddText(buffer.Slice(start, reader.BytesConsumed - start));
            Commit(ref reader, ref done);
        }

        if (isFinalBlock)
        {
            // With the final block in hand, Read throws on anything but whitespace after the array.
            while (reader.Read())
            {
            }
        }

        return reader.Position;
    }

    /// <summary>Whether the array's closing bracket has been read.</summary>
    public bool Ended => _ended;

    private void Commit(ref Utf8JsonReader reader, ref SequencePosition done)
    {
        _state = reader.CurrentState;
        done = reader.Position;
    }
}
