using System.Text.Json;
using System.Text.Json.Serialization;
namespace MailHa.Operations.Topology;

/// <summary>Writes a <see cref="NodeName"/> as its string, in every JSON MailHa writes (command line, console board).</summary>
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
