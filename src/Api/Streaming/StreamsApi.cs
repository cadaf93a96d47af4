using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Telemetry.Api.Auth;
using Telemetry.Api.Hosting;
using Telemetry.Api.Problems;
using Telemetry.Api.Wire;
using Telemetry.Streams;
using Telemetry.Tenancy;

namespace Telemetry.Api.Streaming;

/// <summary>
/// Live subscriptions (issue #6): create, list, read, change and delete a tenant's streams, and send a test event.
/// Query scope, like reading the data itself. Connecting is <see cref="StreamConnectApi"/>.
/// </summary>
public static class StreamsApi
{
    public static void MapStreamsApi(this RouteGroupBuilder group, ApiRoutes routes)
    {
        group.MapPost("/streams", CreateAsync)
            .Named(routes, "CreateStream", "Create a live stream (sse, websocket or webhook); the answer has the connect details and token")
            .DocumentBody<StreamRequest, RouteHandlerBuilder>()
            .WithTags("Streams")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireScope(ApiKeyScope.Query);

        group.MapGet("/streams", ListAsync)
            .Named(routes, "ListStreams", "The tenant's live streams")
            .WithTags("Streams")
            .RequireScope(ApiKeyScope.Query);

        group.MapGet("/streams/{streamId}", GetAsync)
            .Named(routes, "GetStream", "One stream, with a fresh connect token and its feed's counters")
            .WithTags("Streams")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiKeyScope.Query);

        group.MapPatch("/streams/{streamId}", UpdateAsync)
            .Named(routes, "UpdateStream", "Change a stream: each field given replaces the stored one")
            .DocumentBody<StreamRequest, RouteHandlerBuilder>()
            .WithTags("Streams")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .RequireScope(ApiKeyScope.Query);

        group.MapDelete("/streams/{streamId}", DeleteAsync)
            .Named(routes, "DeleteStream", "Delete a stream; its open connections close with reason stream_deleted")
            .WithTags("Streams")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiKeyScope.Query);

        group.MapPost("/streams/{streamId}/test", TestAsync)
            .Named(routes, "TestStream", "Send a test event (type 'test', \"test\": true) to the stream's subscribers and webhook")
            .WithTags("Streams")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireScope(ApiKeyScope.Query);
    }

    public static async Task<Results<Created<StreamResponse>, ProblemHttpResult>> CreateAsync(
        HttpContext context, IGrainFactory grains, ConnectTokens tokens, IOptions<StreamsOptions> options, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<StreamRequest>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (spec, secret, invalid) = StreamSpecReader.Read(request!, stored: null);
        if (invalid is not null)
        {
            return invalid;
        }

        var caller = context.Caller();
        var created = await grains.GetGrain<IStreamRegistryGrain>(caller.TenantId).CreateAsync(spec!, options.Value.MaxStreamsPerTenant);
        if (created is null)
        {
            return Problem.Conflict("too_many_streams", $"The tenant has {options.Value.MaxStreamsPerTenant} streams (Telemetry:Streams:MaxStreamsPerTenant); delete one first.");
        }

        return TypedResults.Created($"{context.Request.Path}/{created.Id}", StreamResponse.From(created, Connection(context, tokens, options, caller.TenantId, created.Id), secret));
    }

    public static async Task<Ok<StreamListResponse>> ListAsync(HttpContext context, IGrainFactory grains, ConnectTokens tokens, IOptions<StreamsOptions> options)
    {
        var caller = context.Caller();
        var catalog = await grains.GetGrain<IStreamRegistryGrain>(caller.TenantId).ListAsync();
        return TypedResults.Ok(new StreamListResponse([.. catalog.Streams.Select(s => StreamResponse.From(s, Connection(context, tokens, options, caller.TenantId, s.Id)))]));
    }

    public static async Task<Results<Ok<StreamResponse>, ProblemHttpResult>> GetAsync(
        string streamId, HttpContext context, IGrainFactory grains, ConnectTokens tokens, IOptions<StreamsOptions> options)
    {
        var caller = context.Caller();
        var stream = await grains.GetGrain<IStreamRegistryGrain>(caller.TenantId).GetAsync(streamId);
        if (stream is null)
        {
            return NotFound(streamId);
        }

        var stats = await grains.GetGrain<IStreamFeedGrain>(StreamNames.FeedKey(caller.TenantId, streamId)).GetStatsAsync();
        return TypedResults.Ok(StreamResponse.From(stream, Connection(context, tokens, options, caller.TenantId, streamId), stats: stats));
    }

    public static async Task<Results<Ok<StreamResponse>, ProblemHttpResult>> UpdateAsync(
        string streamId, HttpContext context, IGrainFactory grains, ConnectTokens tokens, IOptions<StreamsOptions> options, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<StreamRequest>(context.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var caller = context.Caller();
        var registry = grains.GetGrain<IStreamRegistryGrain>(caller.TenantId);
        var stored = await registry.GetAsync(streamId);
        if (stored is null)
        {
            return NotFound(streamId);
        }

        var (spec, secret, invalid) = StreamSpecReader.Read(request!, stored.Spec);
        if (invalid is not null)
        {
            return invalid;
        }

        var updated = await registry.UpdateAsync(streamId, spec!);
        return updated is null
            ? NotFound(streamId)
            : TypedResults.Ok(StreamResponse.From(updated, Connection(context, tokens, options, caller.TenantId, streamId), secret));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string streamId, HttpContext context, IGrainFactory grains)
    {
        var caller = context.Caller();
        if (!await grains.GetGrain<IStreamRegistryGrain>(caller.TenantId).DeleteAsync(streamId))
        {
            return NotFound(streamId);
        }

        await grains.GetGrain<IStreamFeedGrain>(StreamNames.FeedKey(caller.TenantId, streamId)).CloseAsync("stream_deleted");
        return TypedResults.NoContent();
    }

    public static async Task<Results<Accepted<StreamTestResponse>, ProblemHttpResult>> TestAsync(string streamId, HttpContext context, IGrainFactory grains)
    {
        var caller = context.Caller();
        var stream = await grains.GetGrain<IStreamRegistryGrain>(caller.TenantId).GetAsync(streamId);
        if (stream is null)
        {
            return NotFound(streamId);
        }

        var feed = grains.GetGrain<IStreamFeedGrain>(StreamNames.FeedKey(caller.TenantId, streamId));
        var sent = await feed.PublishTestAsync(stream);
        var stats = await feed.GetStatsAsync();
        return TypedResults.Accepted(
            (string?)null,
            new StreamTestResponse(streamId, sent.Id.ToString(CultureInfo.InvariantCulture), sent.Test, stats.Subscribers));
    }

    private static ProblemHttpResult NotFound(string streamId) =>
        Problem.NotFound("stream_not_found", $"The tenant has no stream '{streamId}'.");

    /// <summary>Connect URLs on this server (as the client reached it) and a fresh token for the stream.</summary>
    private static StreamConnectionInfo Connection(HttpContext context, ConnectTokens tokens, IOptions<StreamsOptions> options, string tenantId, string streamId)
    {
        var request = context.Request;
        var (token, expiresAt) = tokens.Issue(tenantId, streamId);
        var url = $"{request.Scheme}://{request.Host}{ApiRoutes.Base}/ws/connect?stream_id={Uri.EscapeDataString(streamId)}";
        var websocket = (request.IsHttps ? "wss" : "ws") + url[request.Scheme.Length..];
        return new StreamConnectionInfo(url, websocket, $"{url}&token={Uri.EscapeDataString(token)}", token, expiresAt, options.Value.HeartbeatInterval);
    }
}
