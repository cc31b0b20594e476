using MailHa.Operations.Failover;

namespace MailHa.Bot.Commands;

/// <summary>
/// Parses what follows <c>/mail</c> (Slack's text; Teams' text after the mention, with or without a
/// leading <c>/mail</c> or <c>mail</c>). Unknown or malformed input gives an error and a usage answer.
/// </summary>
public static class CommandParser
{
    public const string Usage = """
        /mail status                     who holds the VIP, both nodes, mirror, directory, running operation
        /mail failover [--dry-run]       move the VIP to the standby (unplanned); flags: --primary-down, --accept-sync-failure, --accept-broken-replication
        /mail switchover [--dry-run]     planned move, both nodes up, zero mail lost
        /mail failback [--dry-run]       back to the original primary after a failover
        /mail mirror run|pause|resume|history
        /mail approvals                  pending requests and recent decisions
        /mail approve|reject <request>   decide a pending request (or use its buttons)
        /mail help
        """;

    private static readonly string[] OperationVerbs = ["failover", "switchover", "failback"];

    public static ParsedCommand Parse(string? text)
    {
        var tokens = (text ?? "").Split([' ', '\t', '\n', '\r', '\u00a0'], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (tokens.Count > 0 && tokens[0].TrimStart('/').Equals("mail", StringComparison.OrdinalIgnoreCase))
        {
            tokens.RemoveAt(0);
        }

        if (tokens.Count == 0)
        {
            return new ParsedCommand("help", null, false, FailoverOverrides.None);
        }

        var verb = tokens[0].TrimStart('/').ToLowerInvariant();
        var rest = tokens.Skip(1).ToList();
        return verb switch
        {
            "help" or "status" or "approvals" when rest.Count == 0 => new ParsedCommand(verb, null, false, FailoverOverrides.None),
            _ when OperationVerbs.Contains(verb) => ParseOperation(verb, rest),
            "mirror" when rest.Count == 1 && rest[0].ToLowerInvariant() is "run" or "pause" or "resume" or "history" =>
                new ParsedCommand("mirror", rest[0].ToLowerInvariant(), false, FailoverOverrides.None),
            "mirror" => Error(verb, "mirror needs one of: run, pause, resume, history"),
            "approve" or "reject" when rest.Count == 1 => new ParsedCommand(verb, rest[0], false, FailoverOverrides.None),
            "approve" or "reject" => Error(verb, $"{verb} needs a request id, e.g. {verb} r-1a2b3c"),
            "help" or "status" or "approvals" => Error(verb, $"{verb} takes no arguments"),
            _ => Error(verb, $"unknown command '{tokens[0]}'"),
        };
    }

    private static ParsedCommand ParseOperation(string verb, List<string> flags)
    {
        bool dryRun = false, primaryDown = false, syncFailure = false, brokenReplication = false;
        foreach (var flag in flags)
        {
            switch (flag.ToLowerInvariant())
            {
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--primary-down":
                    primaryDown = true;
                    break;
                case "--accept-sync-failure":
                    syncFailure = true;
                    break;
                case "--accept-broken-replication":
                    brokenReplication = true;
                    break;
                default:
                    return Error(verb, $"unknown option '{flag}' for {verb}");
            }
        }

        return new ParsedCommand(verb, null, dryRun, new FailoverOverrides(primaryDown, syncFailure, brokenReplication));
    }

    private static ParsedCommand Error(string verb, string message) => new(verb, null, false, FailoverOverrides.None, message);
}
