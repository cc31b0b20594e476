namespace MailHa.Operations.Vip;

public enum VipVerdict
{
    /// <summary>Exactly one node holds it and (when observable) that node answers on it.</summary>
    HeldBy,

    /// <summary>No node holds it and nothing answers: mail is down for users.</summary>
    Nobody,

    /// <summary>Both nodes hold it: split brain, mail breaks for everyone.</summary>
    SplitBrain,

    /// <summary>The views disagree or a node could not be asked.</summary>
    Unknown,
}
