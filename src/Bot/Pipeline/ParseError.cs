using MailHa.Operations.Topology;

namespace MailHa.Bot.Pipeline;

/// <summary>
/// Why a command's words were not understood, as a value: which command or argument, what was wrong with it. Nothing runs.
/// <see cref="Describe"/> is the one line the asker reads (chat and the command line), pinned in <c>ParseErrorTextTests</c>.
/// </summary>
public abstract record ParseError
{
    public abstract string Describe();
}

/// <summary>No command starts with <paramref name="Verb"/>.</summary>
public sealed record UnknownCommand(string Verb) : ParseError
{
    public override string Describe() => $"unknown command '{Verb}'";
}

/// <summary><paramref name="Word"/> starts a family of commands: one of <paramref name="Choices"/> must follow.</summary>
public sealed record SubcommandNeeded(string Word, IReadOnlyList<string> Choices) : ParseError
{
    public override string Describe() => $"{Word} needs one of: {string.Join(", ", Choices)}";
}

/// <summary>No command takes a button of <paramref name="ActionKind"/>.</summary>
public sealed record NoCommandForButton(string ActionKind) : ParseError
{
    public override string Describe() => $"no command answers a {ActionKind} button";
}

/// <summary><paramref name="Command"/> was given arguments it does not take, or not the ones it needs (<paramref name="Expected"/>).</summary>
public sealed record WrongArguments(string Command, ExpectedArguments Expected) : ParseError
{
    public override string Describe() => Expected switch
    {
        ExpectedArguments.None => $"{Command} takes no arguments",
        ExpectedArguments.OptionalService => $"{Command} takes at most a service name ({Command} [SERVICE])",
        ExpectedArguments.OneNode => $"{Command} takes one node ({Command} NODE [--accept-over-capacity])",
        ExpectedArguments.OperationId => $"{Command} takes the id of the interrupted operation",
        ExpectedArguments.RequestId => $"{Command} needs a request id, e.g. {Command} r-1a2b3c",
        ExpectedArguments.IncidentSubject => $"{Command} takes at most one argument: an operation's id or an outage's name",
        _ => $"{Command}: arguments not understood",
    };
}

/// <summary>What a command's arguments should have been.</summary>
public enum ExpectedArguments
{
    None,
    OptionalService,
    OneNode,
    OperationId,
    RequestId,
    IncidentSubject,
}

/// <summary><paramref name="Option"/> of <paramref name="Command"/> needs a node name after it (<paramref name="Usage"/>: the command's arguments).</summary>
public sealed record NodeNameMissing(string Command, string Option, string Usage) : ParseError
{
    public override string Describe() => $"{Option} needs a node name ({Command} {Usage})";
}

/// <summary><paramref name="Option"/> is not an option of <paramref name="Command"/>.</summary>
public sealed record UnknownOption(string Command, string Option) : ParseError
{
    public override string Describe() => $"unknown option '{Option}' for {Command}";
}

/// <summary><paramref name="Argument"/> (an option such as <c>--to</c>, or the command) names <paramref name="Value"/>, which is not a configured node.</summary>
public sealed record UnknownNode(string Argument, string Value, IReadOnlyList<string> Configured) : ParseError
{
    public override string Describe() => $"{Argument}: no node named '{Value}' (configured: {string.Join(", ", Configured)})";
}

/// <summary><paramref name="Command"/> names no service it can act on (<paramref name="Failure"/>: a name not configured, or none while several are).</summary>
public sealed record ServiceNotResolved(string Command, ServiceUnresolved Failure) : ParseError
{
    public override string Describe() => $"{Command}: {Failure.Describe()}";
}

/// <summary><paramref name="Command"/> was given two services (<paramref name="First"/> by name, <paramref name="Second"/> by option).</summary>
public sealed record TwoServicesNamed(string Command, string First, string Second) : ParseError
{
    public override string Describe() => $"{Command} takes one service (got '{First}' and '{Second}')";
}

/// <summary><paramref name="Value"/> is not an operation id.</summary>
public sealed record NotAnOperationId(string Value) : ParseError
{
    public override string Describe() => $"'{Value}' is not an operation id (e.g. switchover-20261126-004800-1a2b; '/mail status' names the interrupted one)";
}

/// <summary><paramref name="Value"/> is not a request id.</summary>
public sealed record NotARequestId(string Value) : ParseError
{
    public override string Describe() => $"'{Value}' is not a request id (r- and six hex digits, e.g. r-1a2b3c)";
}
