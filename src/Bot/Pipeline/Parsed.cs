namespace MailHa.Bot.Pipeline;

/// <summary>What parsing the arguments of one use case came to.</summary>
public abstract record Parsed
{
    public static readonly Parsed NotThis = new NotThisUseCase();

    public static Parsed Error(string message) => new Invalid(message);
}

/// <summary>The typed request.</summary>
public sealed record Request(OperatorRequest Value) : Parsed;

/// <summary>This use case, but the arguments are wrong: <paramref name="Message"/> says why.</summary>
public sealed record Invalid(string Message) : Parsed;

/// <summary>Another use case with the same words should try (e.g. <c>failover --dry-run</c> is the dry run's).</summary>
public sealed record NotThisUseCase : Parsed;
