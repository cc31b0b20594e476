namespace MailHa.Operations.Topology;

/// <summary>A configured node's name (e.g. <c>jt-mail1</c>). Compared case-insensitively.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(NodeNameJsonConverter))]
public readonly record struct NodeName
{
    public NodeName(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    public string Value { get; }

    public bool Equals(NodeName other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value ?? string.Empty);

    public override string ToString() => Value;
}
