using System.Text.Json;

namespace MailHa.Bot.Channels.Console;

/// <summary>A button clicked in the console as one of the demo people: <paramref name="Action"/> is the button's encoded action, as the feed showed it.</summary>
public sealed record ConsoleActionRequest(string As, JsonElement Action, string MessageId);
