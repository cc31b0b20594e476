namespace MailHa.Bot.Paging;

/// <summary>One Events API v2 event: a trigger opens (or repeats) an alert, acknowledge and resolve act on the same key.</summary>
public sealed record PageEvent(PageAction Action, string Problem, string DedupKey, string Summary, string Source, string? Details = null)
{
    /// <summary>PagerDuty's limit on <c>payload.summary</c>.</summary>
    public const int MaxSummary = 1024;

    /// <summary>PagerDuty's limit on <c>dedup_key</c>.</summary>
    public const int MaxDedupKey = 255;

    /// <summary>
    /// One key per problem streak, the same on every instance and after a restart: the problem (its streak is one at a
    /// time, kept in the journal) and, where MailHa keeps one, the outage's own id. PagerDuty opens a new alert when a
    /// resolved key triggers again, so the next streak of the same problem pages anew.
    /// </summary>
    public static string KeyFor(string problem, string? outage = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var key = outage is null ? $"mailha/{problem}" : $"mailha/{problem}/{outage}";
        return key.Length <= MaxDedupKey ? key : key[..MaxDedupKey];
    }

    /// <summary>The summary cut to PagerDuty's 1,024 characters (an ellipsis marks the cut).</summary>
    public static string Fit(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= MaxSummary ? text : string.Concat(text.AsSpan(0, MaxSummary - 1), "…");
    }
}

public enum PageAction
{
    Trigger,
    Acknowledge,
    Resolve,
}
