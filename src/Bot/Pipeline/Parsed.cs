namespace MailHa.Bot.Pipeline;

/// <summary>What parsing the arguments of one use case came to.</summary>
public abstract record Parsed
{
    public static readonly Parsed NotThis = new NotThisUseCase();

    public static Parsed Error(ParseError error) => new Invalid(error);
}

/// <summary>The typed request.</summary>
public sealed record Request(OperatorRequest Value) : Parsed;

/// <summary>This use case (or none), but the words are wrong: <paramref name="Reason"/> says which and why.</summary>
public sealed record Invalid(ParseError Reason) : Parsed;

/// <summary>Another use case with the same words should try (e.g. <c>failover --dry-run</c> is the dry run's).</summary>
public sealed record NotThisUseCase : Parsed;
