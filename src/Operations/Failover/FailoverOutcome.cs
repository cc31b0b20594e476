namespace MailHa.Operations.Failover;

public enum FailoverOutcome
{
    Succeeded,
    Failed,

    /// <summary>Not started: another operation runs, or the request makes no sense now. Nothing changed.</summary>
    Refused,
}
