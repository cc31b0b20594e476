namespace MailHa.Bot.Commands;

/// <summary>A paragraph of a <see cref="ChatMessage"/>; monospace for plans and tables.</summary>
public sealed record ChatSection(string Text, bool Monospace = false);
