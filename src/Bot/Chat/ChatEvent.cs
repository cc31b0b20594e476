namespace MailHa.Bot.Chat;

/// <summary>What a channel received, after its own authentication and parsing. <see cref="DeliveryId"/> is unique per delivery on its platform.</summary>
public abstract record ChatEvent(ChatUser User, string DeliveryId);

/// <summary>A command line, without the bot mention and without the leading <c>/mail</c>: e.g. <c>failover --dry-run</c>.</summary>
public sealed record ChatCommandEvent(ChatUser User, string DeliveryId, string Text) : ChatEvent(User, DeliveryId);

/// <summary>
/// A button click: <paramref name="Action"/> is what the button asks for; <paramref name="Card"/> is the message clicked.
/// <paramref name="AnswerReplacesCard"/>: the platform shows the answer in place of the card (Teams).
/// </summary>
public sealed record ChatActionEvent(ChatUser User, string DeliveryId, CardAction Action, PostedMessage? Card, bool AnswerReplacesCard = false)
    : ChatEvent(User, DeliveryId);
