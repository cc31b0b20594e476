using System.Text.Json;
using System.Text.Json.Serialization;

namespace MailHa.Bot.Cli;

/// <summary>JSON for <c>--json</c> output: camelCase, enums as strings, node names as plain strings (their own converter).</summary>
public static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}
