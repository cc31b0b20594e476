using System.Text.Json.Nodes;
using MailHa.Bot.Chat;

namespace MailHa.TestSupport.Teams;

/// <summary>Inbound activities shaped like Teams sends them (channel thread, @mention of the bot).</summary>
public static class TeamsActivities
{
    public const string BotAppId = "3f1c2b7a-5d4e-4c2b-9a1f-0e8d7c6b5a49";
    public const string TenantId = "9b2f4d6e-1a3c-4e5f-8a7b-6c5d4e3f2a1b";
    public const string OtherTenantId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    public const string UserObjectId = "c4d5e6f7-0819-4a2b-bc3d-4e5f60718293";
    public const string ConversationId = "19:ops@thread.tacv2;messageid=1700000000000";
    public const string BotName = "MailHa";

    private static int s_next = 100;

    public static string NextId() => $"17000000{Interlocked.Increment(ref s_next):D5}";

    public static JsonObject Message(string serviceUrl, string text, string? id = null) =>
        With(Base("message", serviceUrl, id), a =>
        {
            a["text"] = text;
            a["entities"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "mention",
                    ["text"] = $"<at>{BotName}</at>",
                    ["mentioned"] = new JsonObject { ["id"] = "28:" + BotAppId, ["name"] = BotName },
                },
            };
        });

    /// <summary>An <c>Action.Submit</c> click on a button rendered now: its data is the encoded action.</summary>
    public static JsonObject Submit(string serviceUrl, CardAction action, string replyToId) =>
        With(Base("message", serviceUrl, null), a =>
        {
            a["value"] = JsonNode.Parse(action.Encode());
            a["replyToId"] = replyToId;
        });

    /// <summary>An <c>Action.Execute</c> click on a button rendered now: the action's kind as verb, the encoded action as data.</summary>
    public static JsonObject Execute(string serviceUrl, CardAction action, string replyToId) =>
        With(Base("invoke", serviceUrl, "f:" + NextId()), a =>
        {
            a["name"] = "adaptiveCard/action";
            a["replyToId"] = replyToId;
            a["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = action.Kind, ["data"] = JsonNode.Parse(action.Encode()) },
                ["trigger"] = "manual",
            };
        });

    /// <summary>An <c>Action.Submit</c> click on a card posted before actions were values: <c>{action: verb, requestId}</c>.</summary>
    public static JsonObject Submit(string serviceUrl, string verb, string requestId, string replyToId) =>
        With(Base("message", serviceUrl, null), a =>
        {
            a["value"] = new JsonObject { ["action"] = verb, ["requestId"] = requestId };
            a["replyToId"] = replyToId;
        });

    /// <summary>An <c>Action.Execute</c> click on a card posted before actions were values: the verb, and <c>data.requestId</c>.</summary>
    public static JsonObject Execute(string serviceUrl, string verb, string? requestId, string replyToId) =>
        With(Base("invoke", serviceUrl, "f:" + NextId()), a =>
        {
            a["name"] = "adaptiveCard/action";
            a["replyToId"] = replyToId;
            var data = new JsonObject();
            if (requestId is not null)
            {
                data["requestId"] = requestId;
            }

            a["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
                ["trigger"] = "manual",
            };
        });

    public static JsonObject Base(string type, string serviceUrl, string? id) => new()
    {
        ["type"] = type,
        ["id"] = id ?? NextId(),
        ["timestamp"] = "2026-11-25T16:00:00.000Z",
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:1abc", ["name"] = "Ada Admin", ["aadObjectId"] = UserObjectId },
        ["recipient"] = new JsonObject { ["id"] = "28:" + BotAppId, ["name"] = BotName },
        ["conversation"] = new JsonObject
        {
            ["id"] = ConversationId,
            ["conversationType"] = "channel",
            ["isGroup"] = true,
            ["tenantId"] = TenantId,
        },
        ["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = TenantId },
            ["channel"] = new JsonObject { ["id"] = "19:ops@thread.tacv2" },
        },
    };

    public static JsonObject With(JsonObject activity, Action<JsonObject> change)
    {
        change(activity);
        return activity;
    }
}
