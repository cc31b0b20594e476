using MailHa.Bot.Paging;

namespace MailHa.Bot.Alerts;

/// <summary>An alert streak as pages: its first alert triggers, its recovery resolves (same key); reminders page nobody again.</summary>
internal static class AlertPages
{
    public static void Page(this Pager pager, AlertKind kind, string problem, string source, string summary, string? details = null, string? outage = null)
    {
        PageAction? action = kind switch
        {
            AlertKind.Alert => PageAction.Trigger,
            AlertKind.Recovery => PageAction.Resolve,
            _ => null,
        };
        if (action is { } act)
        {
            pager.Page(new PageEvent(act, problem, PageEvent.KeyFor(problem, outage), summary, source, details));
        }
    }
}
