using System.Text.Json;
using System.Text.Json.Serialization;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Cli;

/// <summary>Writes a <see cref="NodeName"/> as its string.</summary>
public sealed class NodeNameJsonConverter : JsonConverter<NodeName>
{
    public override NodeName Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("node name expected"));

    public override void Write(Utf8JsonWriter writer, NodeName value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}
