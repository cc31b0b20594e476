namespace MailHa.Bot.People;

/// <summary>What a person may do. <c>Read</c>: status, history, dry runs. <c>Request</c>: ask for operations. <c>Approve</c>: approve others' requests.</summary>
public enum PersonRole
{
    Read,
    Request,
    Approve,
}
