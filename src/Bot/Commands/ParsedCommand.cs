using MailHa.Operations.Failover;

namespace MailHa.Bot.Commands;

/// <summary>A command line understood: its verb, its argument and flags; or <see cref="Error"/> with why not.</summary>
public sealed record ParsedCommand(string Verb, string? Argument, bool DryRun, FailoverOverrides Overrides, string? Error = null);
