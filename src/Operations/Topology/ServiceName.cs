namespace MailHa.Operations.Topology;

/// <summary>A configured service's name (e.g. <c>jt-mail</c>): what users reach, a VIP with a store behind it. Compared case-insensitively.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ServiceNameJsonConverter))]
public readonly record struct ServiceName
{
    public ServiceName(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    public string Value { get; }

    public bool Equals(ServiceName other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value ?? string.Empty);

    public override string ToString() => Value;
}
