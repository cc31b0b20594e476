using System.Text.Json.Nodes;

namespace MailHa.TestSupport.Slack;

/// <summary>One request the Slack stand-in received: <paramref name="Path"/> is e.g. <c>/api/chat.postMessage</c>.</summary>
public sealed record StandInRequest(string Path, string? Authorization, JsonNode? Body);
