using System.Text.Json;
using System.Text.Json.Serialization;

namespace MailHa.Bot.Chat;

/// <summary>
/// How chat state kept in the journal is written (approval requests with their decisions and cards, alert cards):
/// enums by name, so a stored document reads the same after an upgrade reorders them.
/// </summary>
public static class ChatStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}
