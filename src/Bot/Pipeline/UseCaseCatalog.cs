using MailHa.Bot.Chat;

namespace MailHa.Bot.Pipeline;

/// <summary>
/// Every registered use case, in registration order: turns a command line into a typed request of the use case
/// whose words it starts with, and lists them all for help.
/// </summary>
public sealed class UseCaseCatalog(IEnumerable<IUseCase> useCases)
{
    private readonly IReadOnlyList<IUseCase> _all = [.. useCases];

    /// <summary>Usage, one line per use case.</summary>
    public string Usage => string.Join('\n', _all.Select(u => u.Syntax.Usage).Distinct(StringComparer.Ordinal));

    /// <summary>The use case and its request for <paramref name="tokens"/>, or why none fits.</summary>
    public (IUseCase? UseCase, Parsed Parsed) Parse(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var words = tokens.Select(t => t.TrimStart('/').ToLowerInvariant()).ToList();
        var candidates = _all
            .Where(u => u.Syntax.Words.Count <= words.Count && u.Syntax.Words.Select((w, i) => w == words[i]).All(m => m))
            .OrderByDescending(u => u.Syntax.Words.Count)
            .ToList();
        Invalid? firstError = null;
        IUseCase? errorOf = null;
        foreach (var useCase in candidates)
        {
            switch (useCase.Parse([.. tokens.Skip(useCase.Syntax.Words.Count)]))
            {
                case Request request:
                    return (useCase, request);
                case Invalid invalid when firstError is null:
                    (firstError, errorOf) = (invalid, useCase);
                    break;
            }
        }

        if (firstError is not null)
        {
            return (errorOf, firstError);
        }

        var verb = tokens.Count == 0 ? "" : InputBounds.Truncate(tokens[0]);
        var family = _all.Where(u => u.Syntax.Words.Count > 1 && u.Syntax.Words[0] == words.FirstOrDefault()).Select(u => u.Syntax.Words[1]).ToList();
        return (null, family.Count > 0
            ? Parsed.Error(new SubcommandNeeded(words[0], family))
            : Parsed.Error(new UnknownCommand(verb)));
    }

    /// <summary>The use case and its request for a button's <paramref name="action"/>, or why none fits: no text is made or parsed.</summary>
    public (IUseCase? UseCase, Parsed Parsed) Resolve(CardAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        foreach (var useCase in _all)
        {
            if (useCase.Accept(action) is not NotThisUseCase and var parsed)
            {
                return (useCase, parsed);
            }
        }

        return (null, Parsed.Error(new NoCommandForButton(action.Kind.ToString())));
    }

    /// <summary>Splits a command line into words, dropping a leading <c>/mail</c> or <c>mail</c>.</summary>
    public static IReadOnlyList<string> Tokens(string? text)
    {
        var tokens = (text ?? "").Split([' ', '\t', '\n', '\r', '\u00a0'], StringSplitOptions.RemoveEmptyEntries).ToList();
        if (tokens.Count > 0 && tokens[0].TrimStart('/').Equals("mail", StringComparison.OrdinalIgnoreCase))
        {
            tokens.RemoveAt(0);
        }

        return tokens;
    }

    /// <summary>The help answer, also given with any parse error.</summary>
    public ChatMessage Help(string title) => new(title, [new ChatSection(Usage, Monospace: true)], []);
}
