using MailHa.Bot.Chat;

namespace MailHa.Bot.Cli;

/// <summary>
/// The break-glass command line as a conversation: what the pipeline posts is printed; an update prints only
/// the lines it adds (a progress message fills in step by step). Silent for <c>--json</c>.
/// </summary>
public sealed class CliConversation(TextWriter output) : IChatConversation
{
    private readonly Dictionary<string, HashSet<string>> _printed = new(StringComparer.Ordinal);

    public static CliConversation Silent { get; } = new(TextWriter.Null);

    public string Key => "cli";

    /// <summary>The terminal of one command: nothing can open it again once the command ends.</summary>
    public ConversationAddress Address { get; } = new(ChatPlatform.Cli, "cli");

    public async Task<PostedMessage> PostAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = $"m{_printed.Count + 1}";
        _printed[id] = [];
        await output.WriteLineAsync(message.Title);
        await PrintNewAsync(id, message);
        return new PostedMessage(ChatPlatform.Cli, "cli", id);
    }

    /// <summary>A terminal has no threads: a reply is printed like a new message.</summary>
    public Task<PostedMessage> ReplyAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken) =>
        PostAsync(content, cancellationToken);

    public Task UpdateAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(content);
        return PrintNewAsync(message.MessageId, content);
    }

    /// <summary>Prints a whole message: title, then its sections.</summary>
    public static async Task PrintAsync(TextWriter output, ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(message);
        await output.WriteLineAsync(message.Title);
        foreach (var section in message.Sections)
        {
            await output.WriteLineAsync(section.Text);
        }
    }

    private async Task PrintNewAsync(string id, ChatMessage message)
    {
        var printed = _printed.TryGetValue(id, out var lines) ? lines : _printed[id] = [];
        foreach (var line in message.Sections.SelectMany(s => s.Text.Split('\n')).Where(l => !l.EndsWith('…')))
        {
            if (printed.Add(line))
            {
                await output.WriteLineAsync(line);
            }
        }
    }
}
