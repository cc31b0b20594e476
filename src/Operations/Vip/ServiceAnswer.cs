namespace MailHa.Operations.Vip;

/// <summary>What a TCP service port said when probed from outside.</summary>
public abstract record ServiceAnswer;

/// <summary>It accepted and sent a first line (an SMTP banner, an HTTP status...).</summary>
public sealed record Answered(string Banner) : ServiceAnswer;

/// <summary>Nothing answered: refused, no route, or no banner within the timeout.</summary>
public sealed record Silent(string Reason) : ServiceAnswer;
