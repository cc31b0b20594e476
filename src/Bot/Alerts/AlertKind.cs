namespace MailHa.Bot.Alerts;

/// <summary>What an observation turns into: nothing, the first alert of a streak, a reminder, or the recovery.</summary>
public enum AlertKind
{
    None,
    Alert,
    Reminder,
    Recovery,
}
