using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Paging;

/// <summary>Sends one event to the Events API v2 enqueue endpoint, once; the caller retries what is worth retrying.</summary>
public sealed class PagerDutyClient(HttpClient http, IOptions<PagerDutyOptions> options)
{
    public async Task<PageOutcome> SendAsync(PageEvent page, string routingKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var settings = options.Value;
        var body = new EnqueueRequest(
            routingKey,
            page.Action.ToString().ToLowerInvariant(),
            page.DedupKey,
            page.Action == PageAction.Trigger
                ? new EnqueuePayload(
                    PageEvent.Fit(page.Summary),
                    page.Source,
                    settings.SeverityOf(page.Problem).ToString().ToLowerInvariant(),
                    settings.Component,
                    "mailha",
                    page.Problem,
                    page.Details is null ? null : new Dictionary<string, string> { ["details"] = page.Details })
                : null,
            page.Action == PageAction.Trigger && settings.Link is { } link ? [new EnqueueLink(link.ToString(), "MailHa")] : null);
        try
        {
            using var response = await http.PostAsJsonAsync(settings.Url, body, Json, cancellationToken);
            var answer = await ReadAsync(response, cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.Accepted or HttpStatusCode.OK => new PageAccepted(answer?.DedupKey ?? page.DedupKey),
                HttpStatusCode.BadRequest => new PageRejected(Reason(answer, response)),
                HttpStatusCode.TooManyRequests => new PageRetryable("throttled (429)"),
                >= HttpStatusCode.InternalServerError => new PageRetryable($"PagerDuty answered {(int)response.StatusCode}"),
                _ => new PageRejected(Reason(answer, response)),
            };
        }
        catch (HttpRequestException e)
        {
            return new PageRetryable($"no answer: {e.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new PageRetryable($"no answer within {http.Timeout.TotalSeconds:0} s");
        }
    }

    private static string Reason(EnqueueResponse? answer, HttpResponseMessage response)
    {
        var errors = answer?.Errors is { Count: > 0 } list ? ": " + string.Join("; ", list) : "";
        return $"{(int)response.StatusCode} {answer?.Message ?? response.ReasonPhrase}{errors}";
    }

    private static async Task<EnqueueResponse?> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<EnqueueResponse>(Json, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed record EnqueueRequest(string RoutingKey, string EventAction, string DedupKey, EnqueuePayload? Payload, IReadOnlyList<EnqueueLink>? Links);

    private sealed record EnqueuePayload(string Summary, string Source, string Severity, string Component, string Group, string Class, IReadOnlyDictionary<string, string>? CustomDetails);

    private sealed record EnqueueLink(string Href, string Text);

    private sealed record EnqueueResponse(string? Status, string? Message, string? DedupKey, IReadOnlyList<string>? Errors);
}

/// <summary>What one send came to.</summary>
public abstract record PageOutcome;

/// <summary>202: PagerDuty took the event under this key.</summary>
public sealed record PageAccepted(string DedupKey) : PageOutcome;

/// <summary>400 (or another 4xx): the event or the routing key is wrong; sending it again would not help.</summary>
public sealed record PageRejected(string Reason) : PageOutcome;

/// <summary>429, 5xx or no answer: worth another try after a pause.</summary>
public sealed record PageRetryable(string Reason) : PageOutcome;
