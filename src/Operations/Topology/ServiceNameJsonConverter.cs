using System.Text.Json;
using System.Text.Json.Serialization;
namespace MailHa.Operations.Topology;

/// <summary>Writes a <see cref="ServiceName"/> as its string, in every JSON MailHa writes (command line, console board, kept approvals).</summary>
public sealed class ServiceNameJsonConverter : JsonConverter<ServiceName>
{
    public override ServiceName Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("service name expected"));

    public override void Write(Utf8JsonWriter writer, ServiceName value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }
}
