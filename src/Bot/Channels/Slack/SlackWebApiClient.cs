using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailHa.Bot.Chat;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Slack;

/// <summary>
/// Typed HttpClient for the Slack Web API (<c>chat.postMessage</c>, <c>chat.update</c>, <c>apps.connections.open</c>)
/// and <c>response_url</c>s. Every answer's <c>ok</c> is checked; HTTP 429 waits <c>Retry-After</c> and retries,
/// a bounded number of times. Tokens go only in the Authorization header of Web API calls, never to a
/// <c>response_url</c>, never into a result or a log.
/// </summary>
public sealed class SlackWebApiClient(HttpClient http, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackWebApiClient> logger)
{
    /// <summary>Attempts per call when Slack answers 429.</summary>
    public const int MaxAttempts = 4;

    /// <summary>A longer <c>Retry-After</c> than this is not waited for: the call fails with <c>ratelimited</c>.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(2);

    /// <summary><c>chat.postMessage</c>; with <paramref name="threadTs"/>, as a reply in that message's thread.</summary>
    public Task<SlackApiResult> PostMessageAsync(string channel, ChatMessage message, string? threadTs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        var body = MessageBody(message);
        body["channel"] = channel;
        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
        }

        return CallAsync("chat.postMessage", body, PostedFrom("chat.postMessage"), cancellationToken);
    }

    public Task<SlackApiResult> UpdateMessageAsync(string channel, string ts, ChatMessage message, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(ts);
        var body = MessageBody(message);
        body["channel"] = channel;
        body["ts"] = ts;
        return CallAsync("chat.update", body, PostedFrom("chat.update"), cancellationToken);
    }

    /// <summary>Asks for a Socket Mode WebSocket URL, authenticated with the app-level token.</summary>
    public Task<SlackApiResult> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var token = SlackSecret.Read(options.Value.AppToken, nameof(SlackOptions.AppToken));
        return SendAsync(
            "apps.connections.open",
            ApiUri("apps.connections.open"),
            token,
            new JsonObject(),
            root => root.TryGetProperty("url", out var url) && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri)
                ? new SlackConnectionOpened(uri)
                : new SlackApiFailed("apps.connections.open", "invalid_response"),
            cancellationToken);
    }

    /// <summary>Posts to a <c>response_url</c> (no token): a reply, or with <paramref name="replaceOriginal"/> a replacement of the clicked card.</summary>
    public Task<SlackApiResult> RespondAsync(Uri responseUrl, ChatMessage message, SlackResponseType responseType, bool replaceOriginal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responseUrl);
        var body = BlockKitRenderer.Payload(message, responseType);
        body["replace_original"] = replaceOriginal;
        return SendAsync("response_url", responseUrl, token: null, body, _ => new SlackResponseDelivered(), cancellationToken);
    }

    private static JsonObject MessageBody(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new JsonObject
        {
            ["text"] = BlockKitRenderer.FallbackText(message),
            ["blocks"] = BlockKitRenderer.Render(message),
        };
    }

    private static Func<JsonElement, SlackApiResult> PostedFrom(string method) => root =>
        root.TryGetProperty("channel", out var channel) && root.TryGetProperty("ts", out var ts)
            && channel.GetString() is { Length: > 0 } c && ts.GetString() is { Length: > 0 } t
            ? new SlackMessagePosted(method, c, t)
            : new SlackApiFailed(method, "invalid_response");

    private Task<SlackApiResult> CallAsync(string method, JsonObject body, Func<JsonElement, SlackApiResult> onOk, CancellationToken cancellationToken)
    {
        var token = SlackSecret.Read(options.Value.BotToken, nameof(SlackOptions.BotToken));
        return SendAsync(method, ApiUri(method), token, body, onOk, cancellationToken);
    }

    private Uri ApiUri(string method)
    {
        var baseUrl = options.Value.ApiBaseUrl.AbsoluteUri;
        return new Uri(new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"), "api/" + method);
    }

    private async Task<SlackApiResult> SendAsync(
        string method, Uri uri, string? token, JsonObject body, Func<JsonElement, SlackApiResult> onOk, CancellationToken cancellationToken)
    {
        var json = body.ToJsonString();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                return Failed(method, "unreachable", ex);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                return Failed(method, "timeout", ex);
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var delay = RetryAfter(response);
                    if (attempt >= MaxAttempts || delay > MaxRetryAfter)
                    {
                        return Failed(method, "ratelimited");
                    }

                    SlackLog.RateLimited(logger, method, delay, attempt);
                    await Task.Delay(delay, time, cancellationToken);
                    continue;
                }

                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                return Interpret(method, response, text, onOk);
            }
        }
    }

    private SlackApiResult Interpret(string method, HttpResponseMessage response, string text, Func<JsonElement, SlackApiResult> onOk)
    {
        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            // response_url answers a bare "ok"; anything else that is not JSON is judged by the status alone.
        }

        using (document)
        {
            var root = document?.RootElement;
            var isObject = root is { ValueKind: JsonValueKind.Object };
            var ok = isObject && root!.Value.TryGetProperty("ok", out var okProperty) && okProperty.ValueKind == JsonValueKind.True;
            var error = isObject && root!.Value.TryGetProperty("error", out var errorProperty) && errorProperty.ValueKind == JsonValueKind.String
                ? errorProperty.GetString()
                : null;

            if (!response.IsSuccessStatusCode)
            {
                return Failed(method, error ?? $"http_{(int)response.StatusCode}");
            }

            if (method == "response_url" && (!isObject || !root!.Value.TryGetProperty("ok", out _)))
            {
                return onOk(default);
            }

            if (!ok)
            {
                return Failed(method, error ?? "invalid_response");
            }

            var result = onOk(root!.Value);
            if (result is SlackApiFailed failed)
            {
                SlackLog.ApiFailed(logger, failed.Method, failed.Error);
            }

            return result;
        }
    }

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta
            ?? (header?.Date is { } date ? date - time.GetUtcNow() : TimeSpan.FromSeconds(1));
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    private SlackApiFailed Failed(string method, string error, Exception? exception = null)
    {
        SlackLog.ApiFailed(logger, method, error, exception);
        return new SlackApiFailed(method, error);
    }
}
