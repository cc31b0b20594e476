using System.ComponentModel.DataAnnotations;
using MailHa.Operations.Secrets;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Paging;

/// <summary>Paging through the PagerDuty Events API v2. Bound from <c>MailHa:Paging:PagerDuty</c>; off without a routing key.</summary>
public sealed class PagerDutyOptions
{
    public const string Section = "MailHa:Paging:PagerDuty";

    /// <summary>The Events API v2 integration key, as a secret reference (<c>file:/path</c> or <c>env:NAME</c>); empty turns paging off.</summary>
    public string? RoutingKey { get; set; }

    /// <summary>The enqueue endpoint.</summary>
    [Required]
    public Uri Url { get; set; } = new("https://events.pagerduty.com/v2/enqueue");

    /// <summary>Severity per alert (the problem names of <c>MailHa:Alerts</c>); the defaults are in <see cref="DefaultSeverity"/>.</summary>
    public Dictionary<string, PageSeverity> Severity { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>payload.component</c>: the service the nodes run.</summary>
    [Required]
    public string Component { get; set; } = "mail";

    /// <summary>A link sent with every page (the console or the chat channel), when known.</summary>
    public Uri? Link { get; set; }

    /// <summary>Pages waiting to be sent; past this the oldest is dropped (and logged), never the chat alert delayed.</summary>
    [Range(1, 10_000)]
    public int QueueCapacity { get; set; } = 100;

    /// <summary>Tries per event on 429 or 5xx or no answer, with doubling delays from <see cref="RetryDelay"/>.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(RoutingKey);

    /// <summary>
    /// What wakes someone at night: mail down or at risk now is critical; what a failover would make worse is an error;
    /// a mirror behind is a warning (the next run may fix it).
    /// </summary>
    public static PageSeverity DefaultSeverity(string problem) => problem switch
    {
        "active-down" or "active-down-standby-unhealthy" or "mail-down" or "split-brain" or "interrupted-operation" => PageSeverity.Critical,
        "neither-node" or "replication" => PageSeverity.Error,
        "mirror" or "mirror-lag" or "mirror-stream" or "interrupted-mirror" => PageSeverity.Warning,
        _ => PageSeverity.Error,
    };

    public PageSeverity SeverityOf(string problem) => Severity.TryGetValue(problem, out var severity) ? severity : DefaultSeverity(problem);
}

/// <summary>The Events API v2 severities.</summary>
public enum PageSeverity
{
    Critical,
    Error,
    Warning,
    Info,
}

/// <summary>The routing key is a well-formed reference to a secret that exists, when paging is on.</summary>
internal sealed class PagerDutyOptionsValidator : IValidateOptions<PagerDutyOptions>
{
    public ValidateOptionsResult Validate(string? name, PagerDutyOptions options)
    {
        var failures = new List<string>();
        SecretValidation.Check(failures, PagerDutyOptions.Section + ":RoutingKey", options.RoutingKey, required: false);
        if (!options.Url.IsAbsoluteUri || options.Url.Scheme is not ("https" or "http"))
        {
            failures.Add($"{PagerDutyOptions.Section}:Url: must be an absolute http(s) URL.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
