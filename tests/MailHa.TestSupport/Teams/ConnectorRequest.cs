using System.Text.Json.Nodes;

namespace MailHa.TestSupport.Teams;

/// <summary>A call the bot made to the Bot Connector stand-in, with the path as sent (still escaped) and what the stand-in answered.</summary>
public sealed record ConnectorRequest(string Method, string RawTarget, string? Authorization, JsonNode? Body, JsonNode? Answer = null);
